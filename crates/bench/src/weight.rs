//! Part 1, UI weight: every file of the release build raw, gzip -9 and brotli 11, and what the server
//! actually sends to a browser that accepts brotli.

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use serde_json::json;

use crate::report::{Budget, Section};

pub const TITLE: &str = "UI weight";
const BUDGET_GZIP_KB: f64 = 250.0;

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
    let entries = std::fs::read_dir(ui_dir)
        .map_err(|e| format!("the UI build is missing at {}: {e}", ui_dir.display()))?;
    let http = reqwest::Client::new();
    // The files a browser loads, not the compressed copies the server sends in their place.
    let loaded = |p: &Path| p.is_file() && !p.extension().is_some_and(|e| e == "br" || e == "gz");
    for entry in entries.flatten().filter(|e| loaded(&e.path())) {
        let bytes = std::fs::read(entry.path()).map_err(|e| e.to_string())?;
        let file = entry.file_name().to_string_lossy().into_owned();
        let (served, served_encoding) = served_size(&http, server, &file).await?;
        files.push(FileWeight {
            raw: bytes.len() as u64,
            gzip: gzip_len(&bytes),
            brotli: brotli_len(&bytes),
            served: Some(served),
            served_encoding,
            file,
        });
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
    Ok(Section {
        title: TITLE.into(),
        budgets: vec![
            Budget::at_most("UI transfer, gzip", BUDGET_GZIP_KB, kb(gzip), "KB"),
            Budget::at_most("UI transfer as served", BUDGET_GZIP_KB, kb(served), "KB"),
        ],
        data: json!({ "files": files, "total": { "raw": raw, "gzip": gzip, "brotli": brotli, "served": served } }),
        markdown: md,
    })
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
