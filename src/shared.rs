//! [`Shared`]: an immutable value that components compare by pointer.

use std::ops::Deref;
use std::rc::Rc;

/// An immutable value shared between components, equal only to itself.
///
/// A plan is never changed in place: a change makes a new one. So "same
/// allocation" is the right equality for props and memo keys, and it spares
/// the bundle a deep comparison of every node, pod and range (measured: ~3 KB
/// of wasm for `Plan` alone).
#[derive(Debug, Default)]
pub struct Shared<T>(Rc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Self(Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Self(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_value_equals_its_clones_only() {
        let one = Shared::new(vec![1]);
        assert_eq!(one, one.clone());
        assert_ne!(one, Shared::new(vec![1]));
    }
}
