//! forvalt: computerized adaptive testing of caseworkers in administrative law.
pub mod bank;
pub mod cat;
pub mod cli;
pub mod irt;
