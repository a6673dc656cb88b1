//! One component per thing the learner sees.

mod controls_panel;
mod details_panel;
mod diagram_area;
mod masthead;

pub use controls_panel::ControlsPanel;
pub use details_panel::DetailsPanel;
pub use diagram_area::DiagramArea;
pub use masthead::Masthead;
