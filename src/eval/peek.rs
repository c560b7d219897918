//! Comparisons and arithmetic on values read where they stand. Most of them on large data are
//! between names, constants and fields read from them (`m.joined_on <= d`, `i.half_days *
//! rate`): their values are borrowed from the frame, the program or the data, with no copy, no
//! reference count and nothing to drop.
//!
//! Reading in place changes no answer: an operand of another form, or a name whose `let` does
//! not apply, leaves the whole comparison or operation to the evaluator, which evaluates it from
//! the start (reading has no effect). It is not taken while a failure is explained (the
//! operands are then shown), nor in a plain scan, so that the tests comparing a plain scan with
//! the indexes (`tests/planner.rs`) compare the two ways of reading too.

use std::borrow::Cow;

use super::Eval;
use super::expr::{arith_value, compare};
use crate::check::ir::{Arith, Expr, ExprIr};
use crate::syntax::ast::CmpOp;
use crate::value::Value;

impl<'a> Eval<'a> {
    /// The truth of the chained comparison `first rest...` with every operand read in place;
    /// `None` when one cannot be, or when this way is not taken.
    pub(super) fn compare_in_place(
        &self,
        first: &'a Expr,
        rest: &'a [(CmpOp, Expr)],
        frame: &[Value],
    ) -> Option<bool> {
        if self.trace.is_some() || self.data.plain_scan {
            return None;
        }
        let mut left = self.operand_in_place(first, frame)?;
        for (op, e) in rest {
            let right = self.operand_in_place(e, frame)?;
            if !compare(*op, &left, &right) {
                return Some(false);
            }
            left = right;
        }
        Some(true)
    }

    /// `a op b` with both operands read in place, as [`arith_value`] computes it (`None` within
    /// when out of range); `None` when one cannot be read so, or when this way is not taken.
    pub(super) fn arith_in_place(
        &self,
        op: Arith,
        a: &'a Expr,
        b: &'a Expr,
        frame: &[Value],
    ) -> Option<Option<Value>> {
        if self.trace.is_some() || self.data.plain_scan {
            return None;
        }
        Some(arith_value(op, self.peek(a, frame)?, self.peek(b, frame)?))
    }

    /// The value of `e` where it stands, when it is a constant, a name or a field read from
    /// one (an argument of a call, say); `None` otherwise, or when this way is not taken.
    pub(super) fn read_in_place<'f>(&self, e: &'a Expr, frame: &'f [Value]) -> Option<&'f Value>
    where
        'a: 'f,
    {
        if self.data.plain_scan {
            return None;
        }
        self.peek(e, frame)
    }

    /// An operand of a comparison read in place, or computed from operands read in place
    /// (`i.half_days * rate`); `None` when it cannot be, or when the computation is out of range
    /// (the evaluator then stops with its error).
    fn operand_in_place<'f>(&self, e: &'a Expr, frame: &'f [Value]) -> Option<Cow<'f, Value>>
    where
        'a: 'f,
    {
        match &e.kind {
            ExprIr::Arith(op, a, b) => {
                arith_value(*op, self.peek(a, frame)?, self.peek(b, frame)?).map(Cow::Owned)
            }
            _ => self.peek(e, frame).map(Cow::Borrowed),
        }
    }

    /// The value of a constant, a name or a field read from one, where it stands; `None` for
    /// any other form, and for a name whose `let` does not apply (its evaluation stops).
    fn peek<'f>(&self, e: &'a Expr, frame: &'f [Value]) -> Option<&'f Value>
    where
        'a: 'f,
    {
        match &e.kind {
            ExprIr::Const(v) => Some(v),
            ExprIr::Local(slot) => match frame.get(*slot)? {
                Value::Inapplicable => None,
                v => Some(v),
            },
            ExprIr::Field(base, i) => Some(self.field_of(self.peek(base, frame)?, *i)),
            _ => None,
        }
    }
}
