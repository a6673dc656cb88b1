//! The AKS networking model (placeholder until the model issue lands).
