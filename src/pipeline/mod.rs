//! Orchestration: reader → parallel workers → ordered sink.
