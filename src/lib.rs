//! forvalt: computerized adaptive testing of caseworkers in administrative law.
pub mod bank;
pub mod calibrate;
pub mod cat;
pub mod cli;
pub mod config;
pub mod engine;
pub mod interchange;
pub mod irt;
pub mod report;
pub mod service;
pub mod simulate;
pub mod store;
pub mod web;
