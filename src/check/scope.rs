//! Names in scope while checking a definition or a rule, each with its frame slot and type.

use super::ir::Type;

#[derive(Default)]
pub struct Scope {
    vars: Vec<(String, usize, Type)>,
    next: usize,
    pub frame: usize,
}

impl Scope {
    /// Binds `name` to a fresh slot.
    pub fn bind(&mut self, name: &str, ty: Type) -> usize {
        let slot = self.next;
        self.next += 1;
        self.frame = self.frame.max(self.next);
        self.vars.push((name.to_string(), slot, ty));
        slot
    }

    pub fn lookup(&self, name: &str) -> Option<(usize, Type)> {
        self.vars
            .iter()
            .rev()
            .find(|(n, ..)| n == name)
            .map(|(_, s, t)| (*s, t.clone()))
    }

    /// How many names are bound: pass it to [`Scope::truncate`] to leave a nested scope.
    pub fn mark(&self) -> usize {
        self.vars.len()
    }

    pub fn truncate(&mut self, mark: usize) {
        self.vars.truncate(mark);
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.vars.iter().map(|(n, ..)| n.as_str())
    }
}
