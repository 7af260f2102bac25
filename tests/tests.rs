//! The integration tests, one binary with a module per area (keeps link time down).

mod author_browser;
mod author_cache;
mod author_calibrate;
mod author_law;
mod bank_check;
mod calibrate;
mod cat_sim;
mod ops_admin;
mod ops_backup;
mod ops_exposure;
mod ops_load;
mod ops_pretest;
mod pretest;
mod report_sim;
mod security_http;
mod security_login;
mod security_ops;
mod security_store;
mod simulate_cli;
mod simulate_live;
mod support;
mod web;
mod web_author;
mod web_browser;
mod web_cli;
mod web_hr;
