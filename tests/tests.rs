//! The integration tests, one binary with a module per area (keeps link time down).

mod web;
