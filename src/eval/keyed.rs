//! Evaluating a sweep's filter for one record with its keys (and unknowns) left open: the
//! result is the region of key values where the filter surely holds and the region where it may
//! hold, each a box (a set of the first key times a set of the second). With one key and
//! nothing unknown, both regions are the same exact set.
//!
//! Every part that reads no key and nothing unknown is computed as the plain evaluation computes
//! it; the parts that read them are total (comparisons, `in force on`, `is absent`, `in`, `and`,
//! `or`, `not`, `if`, field reads, builtins), so that a record evaluated without failing here
//! cannot fail at any key. Any other form, or a failure, gives `None`: the record is then set
//! aside and evaluated plainly.

use chrono::Datelike;

use super::Eval;
use super::expr::{arith_value, builtin_value, compare, period_part};
use super::stab::KeySet;
use crate::check::ir::{Expr, ExprIr, Type};
use crate::check::sweep::{KEY_SLOT, UNKNOWN_SLOT};
use crate::syntax::ast::CmpOp;
use crate::value::{RecordRef, Value};

/// A set of points of the two keys: a set of the first times a set of the second (the second
/// is every value when there is one key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region(pub [KeySet; 2]);

impl Region {
    pub fn all() -> Region {
        Region([KeySet::all(), KeySet::all()])
    }

    fn none() -> Region {
        Region([KeySet::none(), KeySet::all()])
    }

    fn of(b: bool) -> Region {
        if b { Region::all() } else { Region::none() }
    }

    /// The points whose key `k` is in `s`.
    fn on(k: usize, s: KeySet) -> Region {
        let mut r = Region::all();
        r.0[k] = s;
        r
    }

    pub fn is_none(&self) -> bool {
        self.0.iter().any(KeySet::is_none)
    }

    pub fn is_all(&self) -> bool {
        self.0.iter().all(KeySet::is_all)
    }

    fn and(&self, o: &Region) -> Region {
        Region([self.0[0].and(&o.0[0]), self.0[1].and(&o.0[1])])
    }

    /// The smallest box holding both.
    fn hull(&self, o: &Region) -> Region {
        match (self.is_none(), o.is_none()) {
            (true, _) => o.clone(),
            (_, true) => self.clone(),
            _ => Region([self.0[0].or(&o.0[0]), self.0[1].or(&o.0[1])]),
        }
    }

    /// A box inside both together: their union when it is a box, else the first.
    fn within_either(&self, o: &Region) -> Region {
        if self.is_none() {
            return o.clone();
        }
        match (self.0[0] == o.0[0], self.0[1] == o.0[1], o.is_none()) {
            (_, _, true) => self.clone(),
            (true, _, _) => Region([self.0[0].clone(), self.0[1].or(&o.0[1])]),
            (_, true, _) => Region([self.0[0].or(&o.0[0]), self.0[1].clone()]),
            _ => self.clone(),
        }
    }

    /// A box inside the complement (the part off the first key's set, when both are bounded).
    fn within_complement(&self) -> Region {
        if self.is_none() {
            return Region::all();
        }
        match (self.0[0].is_all(), self.0[1].is_all()) {
            (_, true) => Region([self.0[0].not(), KeySet::all()]),
            (true, false) => Region([KeySet::all(), self.0[1].not()]),
            _ => Region([self.0[0].not(), KeySet::all()]),
        }
    }

    /// The smallest box holding the complement.
    fn around_complement(&self) -> Region {
        match (self.0[0].is_all(), self.0[1].is_all()) {
            (_, true) => Region([self.0[0].not(), KeySet::all()]),
            (true, false) => Region([KeySet::all(), self.0[1].not()]),
            _ => Region::all(),
        }
    }
}

/// A truth with the keys open: where it surely holds (`must`) and where it may (`may`).
#[derive(Debug, Clone)]
pub struct Tri {
    pub must: Region,
    pub may: Region,
}

impl Tri {
    /// Holding at every key, or at none.
    pub fn of(b: bool) -> Tri {
        Tri::exact(Region::of(b))
    }

    /// Whether nothing is known of it: it may hold everywhere and surely holds nowhere.
    pub fn is_undecided(&self) -> bool {
        self.must.is_none() && self.may.is_all()
    }

    fn exact(r: Region) -> Tri {
        Tri {
            must: r.clone(),
            may: r,
        }
    }

    fn unknown() -> Tri {
        Tri {
            must: Region::none(),
            may: Region::all(),
        }
    }

    fn not(&self) -> Tri {
        Tri {
            must: self.may.within_complement(),
            may: self.must.around_complement(),
        }
    }

    fn and(&self, o: &Tri) -> Tri {
        Tri {
            must: self.must.and(&o.must),
            may: self.may.and(&o.may),
        }
    }

    fn or(&self, o: &Tri) -> Tri {
        Tri {
            must: self.must.within_either(&o.must),
            may: self.may.hull(&o.may),
        }
    }
}

/// A value of the filter with the keys open.
#[derive(Debug, Clone)]
pub enum Abs {
    Val(Value),
    /// Key 0 or 1 itself.
    Key(usize),
    /// A value read outside the selection that is not a key.
    Unknown,
    Truth(Tri),
}

/// Where an abstract evaluation reads its names: the filter's or a definition's.
pub enum Frame<'f> {
    Filter { slot: usize, record: RecordRef },
    Def(&'f [Abs]),
}

/// A truth as an [`Abs`]: a plain truth when it does not depend on the keys.
fn truth_of(t: Tri) -> Abs {
    match (t.must.is_all(), t.may.is_none()) {
        (true, _) => Abs::Val(Value::Bool(true)),
        (_, true) => Abs::Val(Value::Bool(false)),
        _ => Abs::Truth(t),
    }
}

/// Where `a` is true (anything but `true` is false, as in a filter); `None` for a key.
fn truth(a: Abs) -> Option<Tri> {
    match a {
        Abs::Val(v) => Some(Tri::exact(Region::of(matches!(v, Value::Bool(true))))),
        Abs::Truth(t) => Some(t),
        Abs::Unknown => Some(Tri::unknown()),
        Abs::Key(_) => None,
    }
}

/// A key's value as a number: a date as its day, a whole number as itself.
pub fn key_value(v: &Value, date: bool) -> Option<i64> {
    match (v, date) {
        (Value::Date(d), true) => Some(i64::from(d.num_days_from_ce())),
        (Value::Num(n), false) => n.as_i64(),
        _ => None,
    }
}

/// The values `k` of a key for which `k op v` holds; `None` when that is not a set of whole
/// values (a whole-number key against a fraction).
fn against(op: CmpOp, v: &Value, date: bool) -> Option<KeySet> {
    let Some(k) = key_value(v, date) else {
        let comparable = matches!((v, date), (Value::Num(_), false));
        return (!comparable).then(KeySet::none);
    };
    let next = k.saturating_add(1);
    Some(match op {
        CmpOp::Lt => KeySet::below(k),
        CmpOp::Le => KeySet::below(next),
        CmpOp::Gt => KeySet::from(next),
        CmpOp::Ge => KeySet::from(k),
        CmpOp::Eq => KeySet::run(k, next),
        CmpOp::Ne => KeySet::run(k, next).not(),
    })
}

fn flipped(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        other => other,
    }
}

/// Where `left op right` holds.
fn pair(op: CmpOp, left: &Abs, right: &Abs, dates: &[bool]) -> Option<Tri> {
    let on = |k: usize, s: Option<KeySet>| s.map(|s| Tri::exact(Region::on(k, s)));
    match (left, right) {
        (Abs::Val(a), Abs::Val(b)) => Some(Tri::exact(Region::of(compare(op, a, b)))),
        (Abs::Key(i), Abs::Key(j)) if i == j => {
            let holds = matches!(op, CmpOp::Eq | CmpOp::Le | CmpOp::Ge);
            Some(Tri::exact(Region::of(holds)))
        }
        (Abs::Key(k), Abs::Val(v)) => on(*k, against(op, v, *dates.get(*k)?)),
        (Abs::Val(v), Abs::Key(k)) => on(*k, against(flipped(op), v, *dates.get(*k)?)),
        (Abs::Truth(_), _) | (_, Abs::Truth(_)) => None,
        _ => Some(Tri::unknown()),
    }
}

fn local(slot: usize, frame: &Frame<'_>) -> Option<Abs> {
    match frame {
        Frame::Filter { slot: s, record } if *s == slot => Some(Abs::Val(Value::Record(*record))),
        Frame::Filter { .. } if slot == UNKNOWN_SLOT => Some(Abs::Unknown),
        Frame::Filter { .. } => (KEY_SLOT - slot < 2).then(|| Abs::Key(KEY_SLOT - slot)),
        Frame::Def(values) => match values.get(slot)? {
            Abs::Val(Value::Inapplicable) => None,
            a => Some(a.clone()),
        },
    }
}

impl<'a> Eval<'a> {
    /// Where the filter `e` holds for the record of `frame`, the keys (dates or not, as
    /// `dates` says) open; `None` when the record is to be evaluated plainly.
    pub(super) fn region(&mut self, e: &'a Expr, frame: &Frame<'_>, dates: &[bool]) -> Option<Tri> {
        truth(self.abs(e, frame, dates)?)
    }

    fn abs(&mut self, e: &'a Expr, frame: &Frame<'_>, dates: &[bool]) -> Option<Abs> {
        Some(match &e.kind {
            ExprIr::Const(v) => Abs::Val(v.clone()),
            ExprIr::AsOf => Abs::Val(Value::Date(self.as_of)),
            ExprIr::Local(slot) => local(*slot, frame)?,
            ExprIr::Field(base, i) => match self.abs(base, frame, dates)? {
                Abs::Val(v) => Abs::Val(self.field(v, *i)),
                Abs::Unknown => Abs::Unknown,
                _ => return None,
            },
            ExprIr::PeriodPart(base, part) => match self.abs(base, frame, dates)? {
                Abs::Val(v) => Abs::Val(period_part(v, *part)),
                Abs::Unknown => Abs::Unknown,
                _ => return None,
            },
            ExprIr::Param(p, on) => match self.val(on, frame, dates)? {
                Value::Date(d) => Abs::Val(self.param_at(*p, d, e).ok()?),
                _ => return None,
            },
            ExprIr::Builtin(b, args) => self.abs_builtin(*b, args, frame, dates)?,
            ExprIr::CallDef(d, args) => self.abs_call(*d, args, frame, dates)?,
            ExprIr::Not(a) => truth_of(truth(self.abs(a, frame, dates)?)?.not()),
            ExprIr::And(a, b) => self.abs_and_or(a, b, true, frame, dates)?,
            ExprIr::Or(a, b) => self.abs_and_or(a, b, false, frame, dates)?,
            ExprIr::Arith(op, a, b) => {
                let (x, y) = (self.val(a, frame, dates)?, self.val(b, frame, dates)?);
                Abs::Val(arith_value(*op, &x, &y)?)
            }
            ExprIr::Compare(first, rest) => self.abs_compare(first, rest, frame, dates)?,
            ExprIr::In(a, set, negated) => self.abs_in(a, set, *negated, frame, dates)?,
            ExprIr::InForce(rec, on, period) => {
                self.abs_in_force(rec, on, *period, frame, dates)?
            }
            ExprIr::IsAbsent(a, absent) => match self.abs(a, frame, dates)? {
                Abs::Val(v) => Abs::Val(Value::Bool(v.is_absent() == *absent)),
                Abs::Unknown => Abs::Truth(Tri::unknown()),
                Abs::Key(_) | Abs::Truth(_) => Abs::Val(Value::Bool(!*absent)),
            },
            ExprIr::If(c, t, f) => self.abs_if(c, t, f, e, frame, dates)?,
            ExprIr::Aggregate(..) | ExprIr::AggregateOf(..) | ExprIr::Quantifier(..) => {
                return None;
            }
        })
    }

    /// `e` as a plain value: `None` when it depends on a key or an unknown.
    fn val(&mut self, e: &'a Expr, frame: &Frame<'_>, dates: &[bool]) -> Option<Value> {
        match self.abs(e, frame, dates)? {
            Abs::Val(v) => Some(v),
            _ => None,
        }
    }

    fn abs_builtin(
        &mut self,
        b: crate::check::ir::Builtin,
        args: &'a [Expr],
        frame: &Frame<'_>,
        dates: &[bool],
    ) -> Option<Abs> {
        let mut vals = Vec::with_capacity(args.len());
        let mut unknown = false;
        for a in args {
            match self.abs(a, frame, dates)? {
                Abs::Val(v) => vals.push(v),
                Abs::Unknown => unknown = true,
                _ => return None,
            }
        }
        Some(if unknown {
            Abs::Unknown
        } else {
            Abs::Val(builtin_value(b, &vals))
        })
    }

    fn abs_call(
        &mut self,
        d: usize,
        args: &'a [Expr],
        frame: &Frame<'_>,
        dates: &[bool],
    ) -> Option<Abs> {
        let program = self.program;
        let def = &program.defs[d];
        let mut inner = Vec::with_capacity(def.frame.max(args.len()));
        for a in args {
            inner.push(self.abs(a, frame, dates)?);
        }
        inner.resize(def.frame.max(args.len()), Abs::Val(Value::Absent));
        self.abs(&def.body, &Frame::Def(&inner), dates)
    }

    /// `a and b` (`all`) or `a or b`; `b` is left alone when `a` decides, as the plain
    /// evaluation leaves it.
    fn abs_and_or(
        &mut self,
        a: &'a Expr,
        b: &'a Expr,
        all: bool,
        frame: &Frame<'_>,
        dates: &[bool],
    ) -> Option<Abs> {
        let left = truth(self.abs(a, frame, dates)?)?;
        if (all && left.may.is_none()) || (!all && left.must.is_all()) {
            return Some(truth_of(left));
        }
        let right = truth(self.abs(b, frame, dates)?)?;
        Some(truth_of(if all {
            left.and(&right)
        } else {
            left.or(&right)
        }))
    }

    fn abs_compare(
        &mut self,
        first: &'a Expr,
        rest: &'a [(CmpOp, Expr)],
        frame: &Frame<'_>,
        dates: &[bool],
    ) -> Option<Abs> {
        let mut left = self.abs(first, frame, dates)?;
        if let [(op, e)] = rest {
            // One comparison (nearly all): where it holds, with nothing to intersect.
            let right = self.abs(e, frame, dates)?;
            return Some(truth_of(pair(*op, &left, &right, dates)?));
        }
        let mut holds = Tri::exact(Region::all());
        for (op, e) in rest {
            if holds.may.is_none() {
                break;
            }
            let right = self.abs(e, frame, dates)?;
            holds = holds.and(&pair(*op, &left, &right, dates)?);
            left = right;
        }
        Some(truth_of(holds))
    }

    fn abs_in(
        &mut self,
        a: &'a Expr,
        set: &'a Expr,
        negated: bool,
        frame: &Frame<'_>,
        dates: &[bool],
    ) -> Option<Abs> {
        let (x, s) = (self.abs(a, frame, dates)?, self.abs(set, frame, dates)?);
        Some(match (x, s) {
            (Abs::Val(Value::Text(t)), Abs::Val(Value::Set(s))) => {
                Abs::Val(Value::Bool(s.contains(&t) != negated))
            }
            (Abs::Val(_), Abs::Val(_)) => Abs::Val(Value::Bool(false)),
            (Abs::Unknown, _) | (_, Abs::Unknown) => Abs::Truth(Tri::unknown()),
            _ => return None,
        })
    }

    fn abs_in_force(
        &mut self,
        rec: &'a Expr,
        on: &'a Expr,
        (from, to): (usize, usize),
        frame: &Frame<'_>,
        dates: &[bool],
    ) -> Option<Abs> {
        let on = self.abs(on, frame, dates)?;
        let r = match self.abs(rec, frame, dates)? {
            Abs::Val(Value::Record(r)) => r,
            Abs::Val(_) => return Some(Abs::Val(Value::Bool(false))),
            Abs::Unknown => return Some(Abs::Truth(Tri::unknown())),
            _ => return None,
        };
        let values = &self.data.record(r).values;
        let day = |i: usize| match values.get(i) {
            Some(Value::Date(d)) => key_value(&Value::Date(*d), true),
            _ => None,
        };
        let (start, end) = (day(from), day(to));
        Some(match on {
            Abs::Key(k) if *dates.get(k)? => {
                let started = start.map_or(KeySet::none(), KeySet::from);
                let set = started.and(&end.map_or(KeySet::all(), KeySet::below));
                truth_of(Tri::exact(Region::on(k, set)))
            }
            Abs::Val(Value::Date(d)) => {
                let d = i64::from(d.num_days_from_ce());
                let started = start.is_some_and(|s| s <= d);
                Abs::Val(Value::Bool(started && end.is_none_or(|e| d < e)))
            }
            Abs::Unknown => Abs::Truth(Tri::unknown()),
            _ => Abs::Val(Value::Bool(false)),
        })
    }

    /// `if c then t else f`: when `c` depends on the keys, only between truths (which are never
    /// absent, so that the result is a truth at every key).
    #[allow(clippy::too_many_arguments)]
    fn abs_if(
        &mut self,
        c: &'a Expr,
        t: &'a Expr,
        f: &'a Expr,
        e: &'a Expr,
        frame: &Frame<'_>,
        dates: &[bool],
    ) -> Option<Abs> {
        let cond = truth(self.abs(c, frame, dates)?)?;
        if cond.must.is_all() {
            return self.abs(t, frame, dates);
        }
        if cond.may.is_none() {
            return self.abs(f, frame, dates);
        }
        if e.ty != Type::Bool {
            return None;
        }
        let branch = |a: Abs| match a {
            Abs::Val(Value::Bool(b)) => Some(Tri::exact(Region::of(b))),
            Abs::Truth(t) => Some(t),
            _ => None,
        };
        let yes = branch(self.abs(t, frame, dates)?)?;
        let no = branch(self.abs(f, frame, dates)?)?;
        Some(truth_of(cond.and(&yes).or(&cond.not().and(&no))))
    }
}
