//! The real `switchboard serve` binary as a child process, its log captured, for tests that read
//! its log or kill it.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;

use switchboard_server::db::Location;

pub struct ServerProcess {
    pub child: Child,
    pub base: String,
    stderr: mpsc::Receiver<Vec<u8>>,
}

impl ServerProcess {
    /// Starts `switchboard serve` on a free port with `db`, the setup token and `env`, and waits
    /// until it says it is ready.
    pub fn start(db: &Location, ui_dir: &Path, env: &[(&str, &str)]) -> ServerProcess {
        let mut command = Command::new(env!("CARGO_BIN_EXE_switchboard"));
        command
            .arg("serve")
            .arg("--ui-dir")
            .arg(ui_dir)
            .arg("--db")
            .arg(db.expose_as_arg());
        Self::spawn(command, env)
    }

    /// Starts `switchboard serve` in `dir`, which holds nothing else, with no UI folder given: it
    /// serves the UI it carries.
    pub fn start_carrying_ui(dir: &Path, env: &[(&str, &str)]) -> ServerProcess {
        let mut command = Command::new(env!("CARGO_BIN_EXE_switchboard"));
        command
            .arg("serve")
            .current_dir(dir)
            .env_remove("SWITCHBOARD_UI_DIR");
        Self::spawn(command, env)
    }

    /// Starts `command` (a `switchboard serve` made by the test) on a free port with the setup token
    /// and `env`, and waits until it says it is ready.
    pub fn spawn(mut command: Command, env: &[(&str, &str)]) -> ServerProcess {
        let mut child = command
            .args(["--listen", "127.0.0.1:0"])
            .env("SWITCHBOARD_SETUP_TOKEN", super::SETUP_TOKEN)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut all = Vec::new();
            stderr.read_to_end(&mut all).ok();
            sender.send(all).ok();
        });
        let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
        let ready = stdout
            .by_ref()
            .map_while(Result::ok)
            .find(|line| line.starts_with("Switchboard is ready"))
            .expect("the server starts");
        std::thread::spawn(move || stdout.for_each(drop));
        let base = ready
            .rsplit(' ')
            .next()
            .unwrap()
            .trim_end_matches('/')
            .to_owned();
        ServerProcess {
            child,
            base,
            stderr: receiver,
        }
    }

    /// A client of this server with a cookie store and no session.
    pub fn anonymous(&self) -> super::Client {
        super::Client::anonymous(&self.base)
    }

    /// Waits up to `within` for the process to exit by itself; its exit status (`None` if it is still
    /// running, and then it is killed) and everything it logged.
    pub fn wait_for_exit(
        mut self,
        within: std::time::Duration,
    ) -> (Option<std::process::ExitStatus>, Vec<u8>) {
        let deadline = std::time::Instant::now() + within;
        let status = loop {
            match self.child.try_wait().unwrap() {
                Some(status) => break Some(status),
                None if std::time::Instant::now() >= deadline => {
                    self.child.kill().unwrap();
                    self.child.wait().unwrap();
                    break None;
                }
                None => std::thread::sleep(std::time::Duration::from_millis(50)),
            }
        };
        (status, self.stderr.recv().unwrap())
    }

    /// Sends SIGTERM, as a service manager stopping the server does.
    pub fn terminate(&self) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success(), "kill -TERM {pid}");
    }

    /// Kills the process at once (SIGKILL, as `kill -9`) and returns everything it logged.
    pub fn kill(mut self) -> Vec<u8> {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        self.stderr.recv().unwrap()
    }
}
