//! The text values a reader thread has read, each kept once: the same member referred to by a
//! thousand records, or the same city, is one allocation. Ids are not kept here (each is read
//! once), but shared with their records.
//!
//! A lookup in a set of a hundred thousand texts is two cache misses, and a large file holds a
//! million of them. But the values of one field often come in the order they were first read:
//! an indemnity for each member of a promotion, session after session. So each field's stream
//! of values remembers the text it read last, and the text first read after that one is tried
//! before the set. The guess is compared in full, so it changes no text returned: only the
//! lookups it saves.

use std::collections::HashMap;
use std::sync::Arc;

use crate::hash::FxBuild;

/// Every text a reader thread has read, in this file and the ones before, once.
#[derive(Default)]
pub(super) struct Texts {
    /// Each text, with its place in `order`.
    known: HashMap<Arc<str>, usize, FxBuild>,
    /// The texts in the order they were first read.
    order: Vec<Arc<str>>,
    /// Per stream (a field of a shape, `[shape][field]`), the place of the text read last.
    last: Vec<Vec<Option<usize>>>,
}

/// Where a value comes from, for [`Texts::intern`]: the field `field` of shape `shape`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Stream {
    pub shape: usize,
    pub field: usize,
}

impl Texts {
    /// The text already read with the same characters as `text`, else a new one, now known.
    pub fn intern(&mut self, text: &str, stream: Option<Stream>) -> Arc<str> {
        let Some(stream) = stream else {
            let place = self.place(text);
            return self.order[place].clone();
        };
        let place = match self.guess(stream) {
            Some(next) if *self.order[next] == *text => next,
            _ => self.place(text),
        };
        self.last[stream.shape][stream.field] = Some(place);
        self.order[place].clone()
    }

    /// The place of the text read after the one `stream` read last, if any.
    fn guess(&mut self, Stream { shape, field }: Stream) -> Option<usize> {
        if self.last.len() <= shape {
            self.last.resize_with(shape + 1, Vec::new);
        }
        let fields = &mut self.last[shape];
        if fields.len() <= field {
            fields.resize(field + 1, None);
        }
        let next = fields[field]? + 1;
        (next < self.order.len()).then_some(next)
    }

    /// The place of `text`, added when it is new.
    fn place(&mut self, text: &str) -> usize {
        if let Some(&place) = self.known.get(text) {
            return place;
        }
        let place = self.order.len();
        let text: Arc<str> = Arc::from(text);
        self.order.push(text.clone());
        self.known.insert(text, place);
        place
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEMBER: Stream = Stream { shape: 1, field: 2 };
    const CITY: Stream = Stream { shape: 0, field: 0 };

    /// Whatever the order of the values and of the streams, a text is one allocation, and
    /// every text returned has the characters asked for.
    #[test]
    fn each_text_is_one_allocation_guessed_or_not() {
        let mut texts = Texts::default();
        let mut first = HashMap::new();
        let mut next = crate::hash::sequence(3);
        let members: Vec<String> = (0..50).map(|i| format!("P{i:03}")).collect();
        for round in 0..6 {
            for (k, m) in members.iter().enumerate() {
                // In order, then shuffled, then with other streams interleaved.
                let m = if round % 2 == 0 {
                    m
                } else {
                    &members[next(50) as usize]
                };
                let t = texts.intern(m, Some(MEMBER));
                assert_eq!(&*t, m.as_str());
                assert!(Arc::ptr_eq(first.entry(m.clone()).or_insert(t.clone()), &t));
                if round >= 4 && k % 3 == 0 {
                    let city = ["Paris", "Lyon"][k % 2];
                    assert_eq!(&*texts.intern(city, Some(CITY)), city);
                    assert_eq!(&*texts.intern(m, None), m.as_str());
                }
            }
        }
        assert_eq!(texts.order.len(), 52);
        assert_eq!(texts.known.len(), 52);
    }

    /// A text read after the stream's last one in order of first reading is the guess; any
    /// other text is looked up, and the guess follows it.
    #[test]
    fn the_guess_follows_the_stream() {
        let mut texts = Texts::default();
        for m in ["A", "B", "C", "D"] {
            texts.intern(m, Some(MEMBER));
        }
        texts.intern("B", Some(MEMBER));
        assert_eq!(texts.guess(MEMBER), Some(2));
        texts.intern("C", Some(MEMBER));
        assert_eq!(texts.guess(MEMBER), Some(3));
        texts.intern("D", Some(MEMBER));
        assert_eq!(texts.guess(MEMBER), None, "nothing was read after `D`");
        assert_eq!(texts.guess(CITY), None, "the city stream read nothing");
    }
}
