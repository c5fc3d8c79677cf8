//! `cargo xtask split-ui`, Trunk's post-build hook (Trunk.toml): cuts the UI's wasm into the module the
//! first page needs and one module per on-demand page (`src/pages/on_demand.rs`), with
//! `wasm_split_cli_support`, the splitter cargo-leptos uses. Trunk builds everything; this step redoes
//! its wasm-bindgen and wasm-opt on the cut modules, because a wasm can only be cut before
//! wasm-bindgen, which drops the relocations (`--emit-relocs`, .cargo/config.toml) the splitter reads.
//!
//! The result, in Trunk's staging folder: `app-<fingerprint>/` with the bindings
//! (`switchboard-ui.js`), the main module, the loader (`split.js`) and the modules it fetches, named
//! after their content so the server can cache the folder for a year; index.html points at it in
//! place of Trunk's unsplit pair.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::process::{command, run};
use crate::tools::Toolchain;

const APP: &str = "switchboard-ui";

pub fn post_build() -> Result<(), String> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .ok_or("split-ui is Trunk's post-build hook: run `trunk build`, not this command")?;
    let release = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    let raw_path = raw_wasm(release);
    let raw = std::fs::read(&raw_path)
        .map_err(|e| format!("reading Trunk's cargo output {}: {e}", raw_path.display()))?;
    // Files in the folder name each other by relative paths only, so it is named once they are made.
    let out_dir = staging.join("app");
    let work = crate::root().join("target/ui-split");
    for dir in [&out_dir, &work] {
        std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    }
    let main_wasm = work.join("main.wasm");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&raw);
        options.output_dir = &out_dir;
        options.main_out_path = &main_wasm;
        options.link_name = "./split.js";
        options.main_module = "./switchboard-ui.js";
        options
    })
    .map_err(|e| {
        format!(
            "splitting {}: {e:#} (was it built with --emit-relocs?)",
            raw_path.display()
        )
    })?;
    let tools = Toolchain::new();
    run({
        let mut c = command(&tools, "wasm-bindgen");
        c.args([
            "--target=web",
            "--keep-lld-exports",
            "--no-demangle",
            "--no-typescript",
        ])
        .arg(format!("--out-name={APP}"))
        .arg("--out-dir")
        .arg(&out_dir)
        .arg(&main_wasm);
        c
    })?;
    if release {
        optimise(&tools, wasm_files(&out_dir)?)?;
    }
    let folder = format!("app-{}", fingerprint(&out_dir)?);
    std::fs::rename(&out_dir, staging.join(&folder))
        .map_err(|e| format!("naming {folder}: {e}"))?;
    point_index_at(&staging, &folder)?;
    println!(
        "split the UI into the first page and {} on-demand modules in {folder}/",
        split.split_modules.len()
    );
    Ok(())
}

/// The wasm cargo built for Trunk, before wasm-bindgen: index.html's `data-cargo-profile` in a
/// release build, the dev profile otherwise.
fn raw_wasm(release: bool) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::root().join("target"));
    let profile = if release { "wasm-release" } else { "debug" };
    target.join(format!("wasm32-unknown-unknown/{profile}/{APP}.wasm"))
}

/// The first 16 hex digits of a SHA-256 over every file's name and content, in name order.
fn fingerprint(dir: &Path) -> Result<String, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    let mut hash = Sha256::new();
    for file in files {
        hash.update(file.file_name().unwrap_or_default().as_encoded_bytes());
        hash.update(std::fs::read(&file).map_err(|e| format!("reading {}: {e}", file.display()))?);
    }
    Ok(hash.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// `wasm-opt -Oz` on every module, as many at a time as there are cores.
fn optimise(tools: &Toolchain, modules: Vec<PathBuf>) -> Result<(), String> {
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let queue = std::sync::Mutex::new(modules);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    loop {
                        let Some(module) = queue.lock().expect("the queue").pop() else {
                            return Ok(());
                        };
                        let output = command(tools, "wasm-opt")
                            .arg("-Oz")
                            .arg(&module)
                            .arg("-o")
                            .arg(&module)
                            .output()
                            .map_err(|e| format!("could not start wasm-opt: {e}"))?;
                        if !output.status.success() {
                            return Err(format!(
                                "wasm-opt failed on {}: {}",
                                module.display(),
                                String::from_utf8_lossy(&output.stderr)
                            ));
                        }
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().expect("a wasm-opt worker"))
    })
}

fn wasm_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    Ok(entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "wasm"))
        .collect())
}

/// Replaces Trunk's unsplit `switchboard-ui-<hash>.js` and `…_bg.wasm` with the split build in
/// index.html, and removes them.
fn point_index_at(staging: &Path, folder: &str) -> Result<(), String> {
    let index_path = staging.join("index.html");
    let mut index = std::fs::read_to_string(&index_path)
        .map_err(|e| format!("reading {}: {e}", index_path.display()))?;
    let entries =
        std::fs::read_dir(staging).map_err(|e| format!("reading {}: {e}", staging.display()))?;
    let mut replaced = 0;
    for path in entries.flatten().map(|e| e.path()).filter(|p| p.is_file()) {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if !name.starts_with(&format!("{APP}-")) {
            continue;
        }
        let new_name = if name.ends_with("_bg.wasm") {
            format!("{APP}_bg.wasm")
        } else if name.ends_with(".js") {
            format!("{APP}.js")
        } else {
            continue;
        };
        let old_ref = format!("/{name}");
        if !index.contains(&old_ref) {
            return Err(format!("index.html does not load {name}"));
        }
        index = index.replace(&old_ref, &format!("/{folder}/{new_name}"));
        std::fs::remove_file(&path).map_err(|e| format!("removing {name}: {e}"))?;
        replaced += 1;
    }
    if replaced != 2 {
        return Err(format!(
            "expected Trunk's {APP}-<hash>.js and _bg.wasm in {}, found {replaced}",
            staging.display()
        ));
    }
    std::fs::write(&index_path, index).map_err(|e| format!("writing index.html: {e}"))
}
