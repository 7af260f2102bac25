//! The HR exports for spreadsheets: CSV for Norwegian Excel (BOM, `;`, decimal comma) and `.xlsx`
//! read back with calamine; every text cell neutralised against formulas in both; the
//! completion page as HTML.

use std::io::Cursor;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use calamine::{Data, Reader, Xlsx};
use tower::ServiceExt;

use crate::web::{Browser, app, logged_in};
use crate::web_hr::{organisation, take_tests};

/// GET `path` as `browser`, the body as bytes (an `.xlsx` is not UTF-8).
async fn get_bytes(browser: &Browser, path: &str) -> (StatusCode, String, Vec<u8>) {
    let cookie = browser
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let request = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let response = browser.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, content_type, bytes.to_vec())
}

fn workbook(bytes: Vec<u8>) -> Vec<Vec<Data>> {
    let mut book = Xlsx::new(Cursor::new(bytes)).expect("a valid .xlsx");
    let range = book.worksheet_range_at(0).expect("one sheet").unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

#[tokio::test]
async fn topic_table_as_excel_csv_and_xlsx_reads_back() {
    let (_dir, router, state) = app();
    organisation(&state);
    let hanne = logged_in(&router, "hanne").await;

    let (status, kind, csv) = get_bytes(&hanne, "/hr/tema?syklus=1&niva=2&format=excel-csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/csv"), "{kind}");
    assert!(
        csv.starts_with(&[0xEF, 0xBB, 0xBF]),
        "UTF-8 byte-order mark"
    );
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(';').collect();
    assert_eq!(&head[..3], ["department", "topic_id", "topic"]);
    let share = head.iter().position(|h| *h == "level_share").unwrap();
    let a0: Vec<&str> = lines
        .find(|l| l.starts_with("Etat/A;habilitet;"))
        .unwrap()
        .split(';')
        .collect();
    assert!(a0[share].starts_with("0,"), "decimal comma: {}", a0[share]);
    assert!(!a0[share].contains('.'));
    // Every row of the plain CSV (the published departments × 3 topics), no more, no less.
    let (_, _, plain) = get_bytes(&hanne, "/hr/tema?syklus=1&niva=2&format=csv").await;
    let plain_rows = String::from_utf8(plain).unwrap().lines().count();
    assert!(plain_rows > 1 + 3, "more than one department is published");
    assert_eq!(text.lines().count(), plain_rows);

    let (status, kind, xlsx) = get_bytes(&hanne, "/hr/tema?syklus=1&niva=2&format=xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.contains("spreadsheetml"), "{kind}");
    let rows = workbook(xlsx);
    assert_eq!(rows.len(), plain_rows);
    assert_eq!(rows[0][0], Data::String("department".into()));
    let a0 = rows
        .iter()
        .find(|r| r[0] == Data::String("Etat/A".into()) && r[1] == Data::String("habilitet".into()))
        .unwrap();
    match &a0[share] {
        Data::Float(x) => assert!((0.0..1.0).contains(x), "{x}"),
        other => panic!("level_share is a number in the workbook: {other:?}"),
    }
    // The same figure in the plain CSV and the workbook.
    let (_, _, plain) = get_bytes(&hanne, "/hr/tema?syklus=1&niva=2&format=csv").await;
    let plain = String::from_utf8(plain).unwrap();
    let line = plain
        .lines()
        .find(|l| l.starts_with("Etat/A,habilitet,"))
        .unwrap();
    let value: f64 = line.split(',').nth(share).unwrap().parse().unwrap();
    assert_eq!(a0[share], Data::Float(value));
}

#[tokio::test]
async fn formula_like_text_is_neutralised_in_excel_csv_and_xlsx() {
    let (_dir, router, state) = app();
    take_tests(&state, 1, "=x", "+Etat/Team", 1, None);
    let hanne = logged_in(&router, "hanne").await;
    let (status, _, csv) = get_bytes(
        &hanne,
        "/hr/gjennomforing/personer?syklus=1&format=excel-csv",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(csv).unwrap();
    assert!(
        text.contains("'+Etat/Team;'=x1;'=x nr 1;completed"),
        "{text}"
    );
    let (_, _, xlsx) = get_bytes(&hanne, "/hr/gjennomforing/personer?syklus=1&format=xlsx").await;
    let rows = workbook(xlsx);
    let cells: Vec<String> = rows[1].iter().map(|c| c.to_string()).collect();
    assert_eq!(cells, ["'+Etat/Team", "'=x1", "'=x nr 1", "completed"]);
    for row in &rows {
        for cell in row {
            if let Data::String(s) = cell {
                assert!(!s.starts_with(['=', '+', '-', '@']), "{s}");
            }
        }
    }
}

#[tokio::test]
async fn completion_is_an_html_page_with_the_names_list() {
    let (_dir, router, state) = app();
    organisation(&state);
    let mut hanne = logged_in(&router, "hanne").await;
    let page = hanne.get("/hr/gjennomforing?syklus=1&niva=2").await;
    assert_eq!(page.status, StatusCode::OK);
    let kind = page
        .headers
        .get(header::CONTENT_TYPE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(kind.starts_with("text/html"), "{kind}");
    assert!(page.body.contains("Gjennomføring per avdeling"));
    assert!(page.body.contains("<h2 id=\"navneliste\">Navneliste</h2>"));
    assert!(page.body.contains("a nr 1"), "names are listed");
    assert!(page.body.contains("format=excel-csv") && page.body.contains("format=xlsx"));
    // JSON and CSV stay one parameter away.
    let json = hanne
        .get("/hr/gjennomforing?syklus=1&niva=2&format=json")
        .await;
    assert!(serde_json::from_str::<serde_json::Value>(&json.body).is_ok());
    let unknown = hanne.get("/hr/gjennomforing?format=pdf").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
}
