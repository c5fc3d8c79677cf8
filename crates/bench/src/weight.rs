//! Part 1, UI weight: every file of the release build raw, gzip -9 and brotli 11, and what the server
//! actually sends to a browser that accepts brotli.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::json;

use crate::report::{Budget, Section};

pub const TITLE: &str = "UI weight";
pub const BUDGET: &str = "The whole UI, every page's code, gzip";
const BUDGET_GZIP_KB: f64 = 250.0;
const LANGUAGES_BUDGET: &str = "One other language's catalog, fetched when it is chosen, as served";
const LANGUAGES_BUDGET_KB: f64 = 15.0;
/// The languages besides English, whose words the browser fetches only when one is chosen.
const OTHER_LANGUAGES: [&str; 4] = ["es", "pt-BR", "fr", "ar"];

#[derive(Debug, Serialize)]
struct FileWeight {
    file: String,
    raw: u64,
    gzip: u64,
    brotli: u64,
    /// Bytes on the wire from the server with `Accept-Encoding: br, gzip`, and the encoding it chose.
    served: Option<u64>,
    served_encoding: Option<String>,
}

pub async fn measure(ui_dir: &Path, server: &str) -> Result<Section, String> {
    let mut files = Vec::new();
    let http = reqwest::Client::new();
    for (file, path) in loadable_files(ui_dir)? {
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        files.push(weigh(&http, server, file, &bytes).await?);
    }
    files.sort_by_key(|f| std::cmp::Reverse(f.raw));
    let total = |f: fn(&FileWeight) -> u64| files.iter().map(f).sum::<u64>();
    let (raw, gzip, brotli) = (total(|f| f.raw), total(|f| f.gzip), total(|f| f.brotli));
    let served = total(|f| f.served.unwrap_or(f.raw));
    let kb = |bytes: u64| bytes as f64 / 1000.0;
    let mut md = String::from(
        "| file | raw | gzip -9 | brotli 11 | as served |\n|---|---:|---:|---:|---:|\n",
    );
    for f in &files {
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} {} |\n",
            f.file,
            f.raw,
            f.gzip,
            f.brotli,
            f.served.unwrap_or(0),
            f.served_encoding.as_deref().unwrap_or("identity")
        ));
    }
    md.push_str(&format!(
        "| **total** | {raw} | {gzip} | {brotli} | {served} |\n\nSizes in bytes; 1 KB = 1,000 B.\n"
    ));
    let catalogs = catalog_weights(&http, server).await?;
    md.push_str("\n| language's catalog | raw JSON | as served |\n|---|---:|---:|\n");
    for catalog in &catalogs {
        md.push_str(&format!(
            "| {} | {} | {} {} |\n",
            catalog.file,
            catalog.raw,
            catalog.served.unwrap_or(0),
            catalog.served_encoding.as_deref().unwrap_or("identity")
        ));
    }
    let largest = catalogs.iter().filter_map(|c| c.served).max().unwrap_or(0);
    Ok(Section {
        title: TITLE.into(),
        budgets: vec![
            Budget::at_most(BUDGET, BUDGET_GZIP_KB, kb(gzip), "KB"),
            Budget::at_most(LANGUAGES_BUDGET, LANGUAGES_BUDGET_KB, kb(largest), "KB"),
        ],
        data: json!({
            "files": files,
            "total": { "raw": raw, "gzip": gzip, "brotli": brotli, "served": served },
            "catalogs": catalogs,
        }),
        markdown: md,
    })
}

/// Each other language's catalog as the server sends it to a browser that accepts brotli or gzip.
async fn catalog_weights(http: &reqwest::Client, server: &str) -> Result<Vec<FileWeight>, String> {
    let mut catalogs = Vec::new();
    for tag in OTHER_LANGUAGES {
        let file = format!("api/v1/languages/{tag}");
        let raw = http
            .get(format!("{server}/{file}"))
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| format!("fetching {file}: {e}"))?
            .bytes()
            .await
            .map_err(|e| e.to_string())?;
        catalogs.push(weigh(http, server, file, &raw).await?);
    }
    Ok(catalogs)
}

/// `bytes` raw, gzip -9 and brotli 11, and as the server sends `file` to a browser.
async fn weigh(
    http: &reqwest::Client,
    server: &str,
    file: String,
    bytes: &[u8],
) -> Result<FileWeight, String> {
    let (served, served_encoding) = served_size(http, server, &file).await?;
    Ok(FileWeight {
        raw: bytes.len() as u64,
        gzip: gzip_len(bytes),
        brotli: brotli_len(bytes),
        served: Some(served),
        served_encoding,
        file,
    })
}

/// Every file a browser may load, by its path under the build: not the `.br`/`.gz` copies the server
/// sends in their place, nor a staging folder Trunk may leave behind.
fn loadable_files(ui_dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let hidden = |entry: &walkdir::DirEntry| {
        entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.')
    };
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(ui_dir)
        .into_iter()
        .filter_entry(|e| !hidden(e))
    {
        let entry =
            entry.map_err(|e| format!("the UI build is missing at {}: {e}", ui_dir.display()))?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && !name.ends_with(".br") && !name.ends_with(".gz") {
            let relative = entry.path().strip_prefix(ui_dir).unwrap_or(entry.path());
            files.push((
                relative.to_string_lossy().into_owned(),
                entry.path().to_path_buf(),
            ));
        }
    }
    Ok(files)
}

async fn served_size(
    http: &reqwest::Client,
    server: &str,
    file: &str,
) -> Result<(u64, Option<String>), String> {
    let response = http
        .get(format!("{server}/{file}"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .map_err(|e| format!("fetching {file} from the server: {e}"))?;
    let encoding = response
        .headers()
        .get("content-encoding")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response.bytes().await.map_err(|e| e.to_string())?;
    Ok((body.len() as u64, encoding))
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory").len() as u64
}

fn brotli_len(bytes: &[u8]) -> u64 {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("writing to memory");
    out.len() as u64
}
