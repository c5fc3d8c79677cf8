use std::path::PathBuf;

use crate::process::{command, run};
use crate::tools::Toolchain;

/// Where Trunk writes the release build (Trunk.toml's `dist`).
pub fn dist_dir() -> PathBuf {
    crate::root().join("target/ui")
}

/// The release build of the UI, offline: Trunk must never reach for the network.
pub fn build(tools: &Toolchain) -> Result<(), String> {
    run({
        let mut c = command(tools, "trunk");
        c.args(["build", "--release", "--offline"]);
        c
    })
}

/// The built UI's files with their raw and gzip -9 sizes.
pub fn sizes() -> Result<Vec<(String, u64, u64)>, String> {
    let mut sizes = Vec::new();
    let entries =
        std::fs::read_dir(dist_dir()).map_err(|e| format!("the UI build is missing: {e}"))?;
    // Only the files a browser loads; Trunk may leave a staging folder behind.
    for entry in entries.flatten().filter(|e| e.path().is_file()) {
        let bytes = std::fs::read(entry.path()).map_err(|e| e.to_string())?;
        sizes.push((
            entry.file_name().to_string_lossy().into_owned(),
            bytes.len() as u64,
            gzip_len(&bytes),
        ));
    }
    sizes.sort();
    Ok(sizes)
}

fn gzip_len(bytes: &[u8]) -> u64 {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory").len() as u64
}
