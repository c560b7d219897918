//! Work spread over the machine's cores: each item handled once, results in item order, so that
//! the output does not depend on which thread finished first. A task that panics is caught: its
//! result is `None`, for the caller to report, and every other task still runs.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The number of threads work is spread over.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `f(0)`, ..., `f(count - 1)`, computed on as many threads as there are cores. An item whose
/// task panicked is `None`; the others are all computed.
pub fn map<T: Send>(count: usize, f: impl Fn(usize) -> T + Sync) -> Vec<Option<T>> {
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<T>>> = (0..count).map(|_| Mutex::new(None)).collect();
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                break;
            }
            let result = catch_unwind(AssertUnwindSafe(|| f(i))).ok();
            if let Ok(mut slot) = slots[i].lock() {
                *slot = result;
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..threads().min(count.max(1)) {
            scope.spawn(work);
        }
    });
    slots
        .into_iter()
        .map(|s| s.into_inner().ok().flatten())
        .collect()
}

/// `items` cut into at most `parts` runs of consecutive items, each behind a lock, so that
/// [`map`]'s tasks can change them in place. The runs borrow `items`: nothing is copied (a
/// vector split into owned runs held up to several times its size while they lived).
pub fn chunks<T>(items: &mut [T], parts: usize) -> Vec<Mutex<&mut [T]>> {
    let size = items.len().div_ceil(parts.max(1)).max(1);
    items.chunks_mut(size).map(Mutex::new).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_back_in_item_order() {
        let squares = super::map(100, |i| i * i);
        assert_eq!(squares.len(), 100);
        assert!(squares.iter().enumerate().all(|(i, s)| *s == Some(i * i)));
    }

    #[test]
    fn a_panicking_task_is_none_and_the_others_still_run() {
        let results = super::map(50, |i| {
            assert!(i % 7 != 3, "task {i} fails");
            i
        });
        for (i, r) in results.iter().enumerate() {
            assert_eq!(*r, (i % 7 != 3).then_some(i), "task {i}");
        }
    }

    #[test]
    fn chunks_cover_every_item_in_order() {
        let mut items: Vec<usize> = (0..103).collect();
        let chunks = super::chunks(&mut items, 8);
        assert!(chunks.len() <= 8);
        let seen: Vec<usize> = chunks
            .into_iter()
            .flat_map(|m| m.into_inner().map(|s| s.to_vec()).unwrap_or_default())
            .collect();
        assert_eq!(seen, (0..103).collect::<Vec<_>>());
        assert!(super::chunks(&mut Vec::<u8>::new(), 4).len() <= 1);
    }
}
