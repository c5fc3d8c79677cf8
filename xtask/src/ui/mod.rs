//! The UI's release build with Trunk, its precompressed `.br`/`.gz` copies and their sizes.

pub mod split;

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
    for (_, path) in built_files()? {
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
    for (name, path) in built_files()? {
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        sizes.push((name, bytes.len() as u64, gzip_bytes(&bytes).len() as u64));
    }
    sizes.sort();
    Ok(sizes)
}

/// The files a browser may load, by their path under the build folder: not the compressed copies,
/// nor a staging folder Trunk may leave behind (`.stage`).
fn built_files() -> Result<Vec<(String, PathBuf)>, String> {
    let root = dist_dir();
    let hidden = |entry: &walkdir::DirEntry| {
        entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.')
    };
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_entry(|e| !hidden(e))
    {
        let entry =
            entry.map_err(|e| format!("the UI build is missing ({}): {e}", root.display()))?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && !name.ends_with(".br") && !name.ends_with(".gz") {
            let relative = entry.path().strip_prefix(&root).unwrap_or(entry.path());
            files.push((
                relative.to_string_lossy().into_owned(),
                entry.path().to_path_buf(),
            ));
        }
    }
    Ok(files)
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
