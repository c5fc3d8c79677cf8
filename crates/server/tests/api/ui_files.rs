//! How the UI's files travel: compressed (from the `.br`/`.gz` copies beside the build when there,
//! else on the way out), content-named files cached for a year, and `index.html` checked every time.

use crate::common::spawn;

/// A module of the split build, in its content-named folder.
const WASM: &str = "app-0123456789abcdef/split_templates.wasm";

fn write_module(ui: &std::path::Path, name: &str, bytes: &[u8]) {
    std::fs::create_dir_all(ui.join("app-0123456789abcdef")).unwrap();
    std::fs::write(ui.join(name), bytes).unwrap();
}

async fn fetch(base: &str, path: &str, accept: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{base}{path}"))
        .header("accept-encoding", accept)
        .send()
        .await
        .unwrap()
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn content_named_files_are_compressed_and_cached_for_a_year() {
    let app = spawn().await;
    let ui = app.server.dir.join("ui");
    let wasm = "a wasm module's bytes, repeated. ".repeat(2_000);
    write_module(&ui, WASM, wasm.as_bytes());

    let gzip = fetch(&app.server.base, &format!("/{WASM}"), "gzip").await;
    assert_eq!(gzip.status(), 200);
    assert_eq!(header(&gzip, "content-encoding"), "gzip");
    assert_eq!(
        header(&gzip, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    let sent = gzip.bytes().await.unwrap();
    assert!(
        sent.len() * 10 < wasm.len(),
        "{} of {} bytes",
        sent.len(),
        wasm.len()
    );

    let plain = fetch(&app.server.base, &format!("/{WASM}"), "identity").await;
    assert_eq!(header(&plain, "content-encoding"), "");
    assert_eq!(plain.text().await.unwrap(), wasm);
}

#[tokio::test]
async fn a_precompressed_copy_beside_the_build_is_sent_as_it_is() {
    let app = spawn().await;
    let ui = app.server.dir.join("ui");
    write_module(&ui, WASM, b"the module");
    let brotli_copy = b"stands for the brotli copy xtask writes";
    write_module(&ui, &format!("{WASM}.br"), brotli_copy);

    let response = fetch(&app.server.base, &format!("/{WASM}"), "br, gzip").await;
    assert_eq!(header(&response, "content-encoding"), "br");
    assert_eq!(response.bytes().await.unwrap().as_ref(), brotli_copy);
}

#[tokio::test]
async fn the_page_itself_is_checked_every_time_so_a_new_build_shows_at_once() {
    let app = spawn().await;
    for path in ["/", "/conversations", "/conversations/CH0/deep/link"] {
        let response = fetch(&app.server.base, path, "gzip").await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(&response, "cache-control"), "no-cache", "{path}");
        assert!(header(&response, "content-type").starts_with("text/html"));
    }
    let missing = fetch(&app.server.base, "/main-0123456789abcdef.css", "gzip").await;
    assert_eq!(header(&missing, "cache-control"), "no-cache");
}

/// The built UI the binary carries (a debug build reads it from `target/ui` when asked).
fn built_ui() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/ui");
    assert!(
        dir.join("index.html").is_file(),
        "no built UI in {}: build it first (`cargo xtask test` does)",
        dir.display()
    );
    dir
}

#[tokio::test]
async fn with_no_ui_folder_the_binary_serves_the_ui_it_carries_with_the_same_caching() {
    let index = std::fs::read_to_string(built_ui().join("index.html")).unwrap();
    let wasm = crate::common::files_under(&built_ui())
        .into_iter()
        .find(|name| name.ends_with("_bg.wasm"))
        .expect("the build has a wasm file");
    let empty = tempfile::tempdir().unwrap();
    let sandbox_db = empty.path().join("sandbox.db");
    let env = [("SWITCHBOARD_SANDBOX_DB", sandbox_db.to_str().unwrap())];
    let server = crate::common::process::ServerProcess::start_carrying_ui(empty.path(), &env);

    for page in ["/", "/conversations", "/users/new"] {
        let html = fetch(&server.base, page, "identity").await;
        assert_eq!(html.status(), 200, "{page}");
        assert_eq!(header(&html, "cache-control"), "no-cache", "{page}");
        assert!(header(&html, "content-type").starts_with("text/html"));
        assert_eq!(html.text().await.unwrap(), index, "{page}");
    }
    let module = fetch(&server.base, &format!("/{wasm}"), "gzip").await;
    assert_eq!(module.status(), 200);
    assert_eq!(header(&module, "content-type"), "application/wasm");
    assert_eq!(header(&module, "content-encoding"), "gzip");
    assert_eq!(
        header(&module, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    let etag = header(&module, "etag");
    assert!(!etag.is_empty());
    let again = reqwest::Client::new()
        .get(format!("{}/{wasm}", server.base))
        .header("accept-encoding", "gzip")
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let csp = header(
        &fetch(&server.base, "/", "identity").await,
        "content-security-policy",
    );
    assert!(
        csp.contains("'sha256-"),
        "the CSP names the carried index.html's script: {csp}"
    );
    server.kill();
}
