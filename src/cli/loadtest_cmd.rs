//! `forvalt loadtest setup | run`: simulated caseworkers against a running server.
//!
//! `setup` writes N caseworkers (sharing one password, hashed once) and an open cycle into a
//! database before the server starts. `run` then plays N caseworkers through the JSON API, each
//! on its own keep-alive connection: log in, find the cycle, start the test, and answer until
//! the test ends, choosing the right option with the 3PL probability P(θ) of a simulated
//! ability θ ~ N(0, 1) (the item is recognised by its stem in the bank), so tests take the
//! lengths and paths real ones do. Logins (argon2: slow on purpose) run first with bounded
//! concurrency; then all caseworkers start answering at once, so the answer phase really has
//! N concurrent caseworkers. The run is bounded: every test has a maximum length, and
//! `--duration-s` stops it regardless.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1;
use hyper::{Method, Request, StatusCode, header};
use hyper_util::rt::TokioIo;
use jiff::ToSpan;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio::sync::{Barrier, Semaphore};

use crate::app::{App, Config, Principal, hash_password};
use crate::irt::ItemParams;
use crate::store::{Role, Store, TestId, UserInput};

#[derive(Debug, clap::Subcommand)]
pub enum LoadtestCommand {
    /// Create caseworkers `<prefix>1` … `<prefix>N` with one password, and an open cycle, in a
    /// database (stop the server first). Idempotent.
    Setup {
        #[arg(long, default_value = "forvalt.redb")]
        db: PathBuf,
        #[arg(long)]
        users: usize,
        #[arg(long, default_value = "lasttest-passord")]
        password: String,
        #[arg(long, default_value = "last")]
        prefix: String,
        #[arg(long, default_value = "Lasttest")]
        cycle: String,
        /// Also start every caseworker's test (the first item chosen and pending), as if each
        /// had opened it: a database with N open tests without N logins.
        #[arg(long)]
        start_tests: bool,
        /// The item bank, for --start-tests.
        #[arg(long, default_value = "item-bank")]
        bank: PathBuf,
    },
    /// Run simulated caseworkers against a server and print throughput and latencies.
    Run(RunArgs),
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The server, e.g. http://127.0.0.1:8080 (plain HTTP only).
    #[arg(long)]
    url: String,
    /// Simulated caseworkers (`<prefix>1` … `<prefix>N`, as made by `loadtest setup`).
    #[arg(long)]
    users: usize,
    /// Mean think time before each answer, in milliseconds (each wait is drawn uniformly from
    /// 0.5–1.5 × this). 0 answers as fast as the server allows.
    #[arg(long, default_value_t = 0)]
    think_ms: u64,
    /// Stop after this many seconds even if tests are unfinished.
    #[arg(long, default_value_t = 600)]
    duration_s: u64,
    #[arg(long, default_value = "lasttest-passord")]
    password: String,
    #[arg(long, default_value = "last")]
    prefix: String,
    /// The cycle to take, by name.
    #[arg(long, default_value = "Lasttest")]
    cycle: String,
    /// Logins in flight at once (each costs the server an argon2 verification).
    #[arg(long, default_value_t = 4)]
    login_concurrency: usize,
    /// The item bank the server uses, to simulate answers by item parameters.
    #[arg(long, default_value = "item-bank")]
    bank: PathBuf,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Print the server's peak and current resident memory (VmHWM, VmRSS from
    /// /proc/PID/status) at the end.
    #[arg(long)]
    server_pid: Option<u32>,
}

pub fn run(command: LoadtestCommand) -> Result<ExitCode, String> {
    match command {
        LoadtestCommand::Setup {
            db,
            users,
            password,
            prefix,
            cycle,
            start_tests,
            bank,
        } => {
            setup(&db, users, &password, &prefix, &cycle)?;
            if start_tests {
                open_tests(&db, &bank, &prefix, users, &cycle)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        LoadtestCommand::Run(args) => {
            let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
            runtime.block_on(run_load(args))
        }
    }
}

fn setup(
    db: &std::path::Path,
    n: usize,
    password: &str,
    prefix: &str,
    cycle_name: &str,
) -> Result<(), String> {
    if n == 0 {
        return Err("--users must be at least 1".into());
    }
    let store = Store::open(db).map_err(|e| e.to_string())?;
    let now = jiff::Timestamp::now();
    // One hash for all: hashing 10,000 passwords would take minutes and test nothing.
    let hash = hash_password(password);
    let users: Vec<UserInput> = (1..=n)
        .map(|i| UserInput {
            employee_id: format!("{prefix}{i}"),
            name: format!("Last Testesen {i}"),
            email: format!("{prefix}{i}@lasttest.invalid"),
            department: format!("Lasttest/Avdeling {}", i % 10 + 1),
            role: Role::Caseworker,
            password_hash: Some(hash.clone()),
        })
        .collect();
    let summary = store.upsert_users(&users, now).map_err(|e| e.to_string())?;
    let existing = store
        .cycles()
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|c| c.name == cycle_name);
    let cycle = match existing {
        Some(c) => c,
        None => {
            let today = jiff::Zoned::now().date();
            let opens = today.checked_sub(1.day()).map_err(|e| e.to_string())?;
            let deadline = today.checked_add(30.days()).map_err(|e| e.to_string())?;
            store
                .add_cycle(cycle_name, opens, deadline)
                .map_err(|e| e.to_string())?
        }
    };
    println!(
        "{}: {} users created, {} updated, {} unchanged ({prefix}1 … {prefix}{n}); cycle \"{}\" (id {}) open {} – {}",
        db.display(),
        summary.created,
        summary.updated,
        summary.unchanged,
        cycle.name,
        cycle.id,
        cycle.opens,
        cycle.deadline
    );
    Ok(())
}

/// Start the test of caseworkers 1 … n in the cycle, through the application as a request would.
fn open_tests(
    db: &std::path::Path,
    bank: &std::path::Path,
    prefix: &str,
    n: usize,
    cycle_name: &str,
) -> Result<(), String> {
    let bank = super::bank_cmd::load_valid(bank)?;
    let store = Store::open(db).map_err(|e| e.to_string())?;
    let app = App::new(store, bank, Config::default());
    let cycle = app
        .store()
        .cycles()
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|c| c.name == cycle_name)
        .ok_or_else(|| format!("no cycle named {cycle_name}"))?;
    let started = Instant::now();
    let now = jiff::Timestamp::now();
    for i in 1..=n {
        let login = format!("{prefix}{i}");
        let user = app
            .store()
            .user_by_login(&login)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("no user {login}"))?;
        let principal = Principal {
            user,
            csrf: String::new(),
        };
        let test = app
            .test_taking
            .start_test(&principal, crate::store::CycleId(cycle.id), now)
            .map_err(|e| e.to_string())?;
        app.test_taking
            .current(&principal, TestId(test.id), now)
            .map_err(|e| e.to_string())?;
    }
    println!(
        "{}: {n} tests open (first item pending) in {:.1} s",
        db.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// What the simulation needs to know of an item, found by its stem.
struct SimItem {
    key: usize,
    params: ItemParams,
}

/// Latencies per endpoint and failures, merged over all caseworkers.
#[derive(Default)]
struct Tally {
    latencies: BTreeMap<&'static str, Vec<Duration>>,
    /// "endpoint status" → count (status is a number, or "connection" / "bad reply").
    errors: BTreeMap<String, u64>,
    stored: u64,
    stale: u64,
    finished: u64,
    unknown_items: u64,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        for (k, v) in other.latencies {
            self.latencies.entry(k).or_default().extend(v);
        }
        for (k, v) in other.errors {
            *self.errors.entry(k).or_default() += v;
        }
        self.stored += other.stored;
        self.stale += other.stale;
        self.finished += other.finished;
        self.unknown_items += other.unknown_items;
    }
}

struct Shared {
    host: String,
    args: RunArgs,
    items: HashMap<String, SimItem>,
    login_gate: Semaphore,
    /// All caseworkers wait here after logging in, so the answer phase starts together.
    start_line: Barrier,
    deadline: Instant,
}

async fn run_load(args: RunArgs) -> Result<ExitCode, String> {
    if args.users == 0 {
        return Err("--users must be at least 1".into());
    }
    let host = args
        .url
        .strip_prefix("http://")
        .ok_or_else(|| format!("--url {}: only http:// URLs are supported", args.url))?
        .trim_end_matches('/')
        .to_string();
    let bank = super::bank_cmd::load_valid(&args.bank)?;
    let items = bank
        .items
        .iter()
        .map(|i| {
            (
                i.stem.clone(),
                SimItem {
                    key: i.key,
                    params: i.params,
                },
            )
        })
        .collect();
    let n = args.users;
    let shared = Arc::new(Shared {
        host,
        login_gate: Semaphore::new(args.login_concurrency.max(1)),
        start_line: Barrier::new(n + 1),
        deadline: Instant::now() + Duration::from_secs(args.duration_s),
        items,
        args,
    });
    println!(
        "loadtest: {n} caseworkers against http://{}, think {} ms, at most {} s",
        shared.host, shared.args.think_ms, shared.args.duration_s
    );
    let started = Instant::now();
    let tasks: Vec<_> = (1..=n)
        .map(|i| tokio::spawn(caseworker(shared.clone(), i)))
        .collect();
    // Everyone is logged in (or has given up) when the barrier opens.
    shared.start_line.wait().await;
    let answering = Instant::now();
    let cpu_before = shared.args.server_pid.and_then(cpu_seconds);
    let logins_took = answering - started;
    let mut tally = Tally::default();
    for task in tasks {
        match task.await {
            Ok(t) => tally.merge(t),
            Err(e) => *tally.errors.entry(format!("task {e}")).or_default() += 1,
        }
    }
    let answer_phase = answering.elapsed();
    report(&shared, &tally, logins_took, answer_phase);
    let cpu_after = shared.args.server_pid.and_then(cpu_seconds);
    if let (Some(before), Some(after)) = (cpu_before, cpu_after) {
        let cpu = after - before;
        println!(
            "server CPU in the answer phase: {cpu:.2} s ({:.2} ms per stored answer, {:.0} % of one core)",
            cpu * 1000.0 / (tally.stored.max(1) as f64),
            cpu * 100.0 / answer_phase.as_secs_f64().max(1e-9)
        );
    }
    let ok = tally.errors.is_empty() && tally.finished == n as u64;
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn report(shared: &Shared, tally: &Tally, logins: Duration, answering: Duration) {
    let n = shared.args.users;
    println!(
        "logins: {n} in {:.1} s (login concurrency {})",
        logins.as_secs_f64(),
        shared.args.login_concurrency
    );
    println!(
        "answer phase: {:.2} s; {} answers stored ({} stale) = {:.0} answers/s; {} of {n} tests finished",
        answering.as_secs_f64(),
        tally.stored,
        tally.stale,
        tally.stored as f64 / answering.as_secs_f64().max(1e-9),
        tally.finished
    );
    println!(
        "{:<8} {:>8} {:>9} {:>9} {:>9} {:>9}",
        "endpoint", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms"
    );
    for (name, latencies) in &tally.latencies {
        let mut sorted = latencies.clone();
        sorted.sort_unstable();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<8} {:>8} {:>9.1} {:>9.1} {:>9.1} {:>9.1}",
            name,
            sorted.len(),
            ms(percentile(&sorted, 0.50)),
            ms(percentile(&sorted, 0.95)),
            ms(percentile(&sorted, 0.99)),
            ms(*sorted.last().unwrap_or(&Duration::ZERO)),
        );
    }
    if tally.errors.is_empty() {
        println!("errors: none");
    } else {
        for (what, count) in &tally.errors {
            println!("errors: {what}: {count}");
        }
    }
    if tally.unknown_items > 0 {
        println!(
            "note: {} items were not in --bank {} and were answered at random",
            tally.unknown_items,
            shared.args.bank.display()
        );
    }
    if let Some(pid) = shared.args.server_pid {
        match std::fs::read_to_string(format!("/proc/{pid}/status")) {
            Ok(status) => {
                let field = |name: &str| {
                    status
                        .lines()
                        .find(|l| l.starts_with(name))
                        .map(|l| l[name.len()..].trim().to_string())
                        .unwrap_or_else(|| "?".into())
                };
                println!(
                    "server {pid}: peak RSS (VmHWM) {}, RSS now {}",
                    field("VmHWM:"),
                    field("VmRSS:")
                );
            }
            Err(e) => println!("server {pid}: cannot read /proc/{pid}/status: {e}"),
        }
    }
}

/// User plus system CPU time of a process so far, from /proc/PID/stat (Linux).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which is in parentheses and may contain spaces):
    // state is field 3, utime 14 and stime 15, in clock ticks (100 per second on Linux).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// One simulated caseworker: log in, wait for the others, take the test.
async fn caseworker(shared: Arc<Shared>, i: usize) -> Tally {
    let mut tally = Tally::default();
    let mut rng = StdRng::seed_from_u64(shared.args.seed.wrapping_mul(1_000_003) ^ i as u64);
    let theta = standard_normal(&mut rng);
    let mut client = Client::new(&shared.host);
    let ready = async {
        let _permit = shared.login_gate.acquire().await.ok()?;
        let login = json!({
            "employee_id": format!("{}{i}", shared.args.prefix),
            "password": shared.args.password,
        });
        let reply = client
            .call(&mut tally, "login", Method::POST, "/api/login", Some(login))
            .await?;
        client.token = Some(reply["token"].as_str()?.to_string());
        Some(())
    }
    .await;
    // Wait at the start line even after a failed login, or the others would wait for ever.
    shared.start_line.wait().await;
    if ready.is_none() {
        return tally;
    }
    take_test(&shared, &mut client, &mut tally, &mut rng, theta).await;
    tally
}

async fn take_test(
    shared: &Shared,
    client: &mut Client,
    tally: &mut Tally,
    rng: &mut StdRng,
    theta: f64,
) -> Option<()> {
    let cycles = client
        .call(tally, "cycles", Method::GET, "/api/cycles", None)
        .await?;
    let Some(cycle) = cycles
        .as_array()?
        .iter()
        .find(|c| c["name"] == shared.args.cycle.as_str())
    else {
        *tally
            .errors
            .entry(format!("cycles: no cycle named {}", shared.args.cycle))
            .or_default() += 1;
        return None;
    };
    let path = format!("/api/cycles/{}/test", cycle["id"]);
    let started = client
        .call(tally, "start", Method::POST, &path, None)
        .await?;
    let test_id = started["test_id"].as_u64()?;
    let test_path = format!("/api/tests/{test_id}");
    let mut current = client
        .call(tally, "current", Method::GET, &test_path, None)
        .await?;
    let answer_path = format!("{test_path}/answer");
    while current["status"] == "item" {
        if Instant::now() >= shared.deadline {
            return None;
        }
        let think = shared.args.think_ms;
        if think > 0 {
            let wait = rng.random_range(think / 2..=think + think / 2);
            tokio::time::sleep(Duration::from_millis(wait)).await;
        }
        let option = choose(shared, tally, rng, theta, &current);
        let answer = json!({
            "position": current["position"],
            "option": option,
            "response_ms": think.max(1),
        });
        let reply = client
            .call(tally, "answer", Method::POST, &answer_path, Some(answer))
            .await?;
        if reply["stored"] == true {
            tally.stored += 1;
        } else {
            tally.stale += 1;
        }
        current = reply["current"].clone();
    }
    if current["status"] == "finished" {
        let result_path = format!("{test_path}/result");
        client
            .call(tally, "result", Method::GET, &result_path, None)
            .await?;
        tally.finished += 1;
    }
    Some(())
}

/// The option a caseworker of ability `theta` picks: the key with probability P(θ) of the
/// item's 3PL parameters, otherwise one of the other options at random.
fn choose(shared: &Shared, tally: &mut Tally, rng: &mut StdRng, theta: f64, item: &Value) -> usize {
    let n_options = item["options"].as_array().map_or(1, Vec::len).max(1);
    let Some(sim) = item["stem"].as_str().and_then(|s| shared.items.get(s)) else {
        tally.unknown_items += 1;
        return rng.random_range(0..n_options);
    };
    if rng.random::<f64>() < sim.params.p(theta) || n_options == 1 {
        return sim.key;
    }
    let wrong = rng.random_range(0..n_options - 1);
    if wrong >= sim.key { wrong + 1 } else { wrong }
}

/// A standard normal draw (Box–Muller).
fn standard_normal(rng: &mut StdRng) -> f64 {
    let u1: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// One keep-alive HTTP/1.1 connection, reopened after a failure.
struct Client {
    host: String,
    token: Option<String>,
    sender: Option<http1::SendRequest<Full<Bytes>>>,
}

impl Client {
    fn new(host: &str) -> Client {
        Client {
            host: host.to_string(),
            token: None,
            sender: None,
        }
    }

    async fn connect(&mut self) -> Result<(), String> {
        let stream = TcpStream::connect(&self.host)
            .await
            .map_err(|e| e.to_string())?;
        let _ = stream.set_nodelay(true);
        let (sender, connection) = http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(connection);
        self.sender = Some(sender);
        Ok(())
    }

    /// Send a request and time it; `None` (after counting the error) unless the reply is a 2xx
    /// with a JSON body. A broken connection is reopened once.
    async fn call(
        &mut self,
        tally: &mut Tally,
        endpoint: &'static str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Option<Value> {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        for attempt in 0..2 {
            let started = Instant::now();
            match self.send(&method, path, &body).await {
                Ok((status, bytes)) => {
                    tally
                        .latencies
                        .entry(endpoint)
                        .or_default()
                        .push(started.elapsed());
                    if !status.is_success() {
                        *tally
                            .errors
                            .entry(format!("{endpoint} {}", status.as_u16()))
                            .or_default() += 1;
                        return None;
                    }
                    return match serde_json::from_slice(&bytes) {
                        Ok(v) => Some(v),
                        Err(_) => {
                            *tally
                                .errors
                                .entry(format!("{endpoint} bad reply"))
                                .or_default() += 1;
                            None
                        }
                    };
                }
                Err(_) if attempt == 0 => self.sender = None,
                Err(e) => {
                    *tally
                        .errors
                        .entry(format!("{endpoint} connection: {e}"))
                        .or_default() += 1;
                }
            }
        }
        None
    }

    async fn send(
        &mut self,
        method: &Method,
        path: &str,
        body: &str,
    ) -> Result<(StatusCode, Bytes), String> {
        if self.sender.as_ref().is_none_or(|s| s.is_closed()) {
            self.connect().await?;
        }
        let sender = self.sender.as_mut().expect("connected above");
        let mut request = Request::builder()
            .method(method.clone())
            .uri(path)
            .header(header::HOST, &self.host);
        if !body.is_empty() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        if let Some(token) = &self.token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = request
            .body(Full::new(Bytes::from(body.to_string())))
            .map_err(|e| e.to_string())?;
        sender.ready().await.map_err(|e| e.to_string())?;
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok((status, bytes))
    }
}
