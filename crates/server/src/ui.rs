use std::path::Path;

use tower_http::services::{ServeDir, ServeFile};

/// The built UI; any path that is not a file gets `index.html`, so the browser router can take it.
pub fn service(dir: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")))
}
