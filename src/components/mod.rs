//! One component per thing the learner sees.

mod masthead;
mod panel;

pub use masthead::Masthead;
pub use panel::Panel;
