//! The UI's release build with Trunk, its precompressed `.br`/`.gz` copies and their sizes.

use std::path::PathBuf;

use crate::process::{command, run};
use crate::tools::Toolchain;

/// Where Trunk writes the release build (Trunk.toml's `dist`).
pub fn dist_dir() -> PathBuf {
    crate::root().join("target/ui")
}

/// The release build of the UI, offline: Trunk must never reach for the network. Each file gets a
/// brotli and a gzip copy beside it, which the server sends instead of compressing on every request.
pub fn build(tools: &Toolchain) -> Result<(), String> {
    run({
        let mut c = command(tools, "trunk");
        c.args(["build", "--release", "--offline"]);
        c
    })?;
    precompress()
}

fn precompress() -> Result<(), String> {
    let entries =
        std::fs::read_dir(dist_dir()).map_err(|e| format!("the UI build is missing: {e}"))?;
    for path in entries.flatten().map(|e| e.path()) {
        let compressed = path
            .extension()
            .is_some_and(|ext| ext == "br" || ext == "gz");
        if !path.is_file() || compressed {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        let with_extension = |ext: &str| {
            let mut name = path.clone().into_os_string();
            name.push(ext);
            name
        };
        std::fs::write(with_extension(".br"), brotli_bytes(&bytes)).map_err(|e| e.to_string())?;
        std::fs::write(with_extension(".gz"), gzip_bytes(&bytes)).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The built UI's files with their raw and gzip -9 sizes.
pub fn sizes() -> Result<Vec<(String, u64, u64)>, String> {
    let mut sizes = Vec::new();
    let entries =
        std::fs::read_dir(dist_dir()).map_err(|e| format!("the UI build is missing: {e}"))?;
    // Only the files a browser loads; Trunk may leave a staging folder behind.
    let loaded = |path: &std::path::Path| {
        path.is_file() && !path.extension().is_some_and(|e| e == "br" || e == "gz")
    };
    for entry in entries.flatten().filter(|e| loaded(&e.path())) {
        let bytes = std::fs::read(entry.path()).map_err(|e| e.to_string())?;
        sizes.push((
            entry.file_name().to_string_lossy().into_owned(),
            bytes.len() as u64,
            gzip_bytes(&bytes).len() as u64,
        ));
    }
    sizes.sort();
    Ok(sizes)
}

fn gzip_bytes(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

fn brotli_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("writing to memory");
    out
}
