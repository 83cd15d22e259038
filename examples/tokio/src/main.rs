//! Drives a non-blocking nlstack connection from a tokio runtime inside a
//! fresh network namespace: a link dump, an acknowledged change and a
//! request, each resumed through `AsyncFd` whenever it would block. Exits
//! non-zero when the dump disagrees with `ip -j link`, so it doubles as a
//! test (needs root and `ip`).
//!
//! ```text
//! cargo run --manifest-path examples/tokio/Cargo.toml [-- PAIRS]
//! ```

use std::process::ExitCode;

use nlstack_tokio::{AsyncRoute, BoxError, ip_link_count, netns_with_veths};

fn main() -> ExitCode {
    let pairs = match std::env::args().nth(1).map(|a| a.parse::<usize>()) {
        None => 50,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("nlstack-tokio: PAIRS: {e}");
            return ExitCode::FAILURE;
        }
    };
    match run(pairs) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("nlstack-tokio: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(pairs: usize) -> Result<(), BoxError> {
    // The namespace and its links are made with blocking calls before the
    // runtime starts.
    let ns = netns_with_veths(pairs)?;
    let expected = ip_link_count(&ns)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    let got = rt.block_on(async {
        let mut conn = AsyncRoute::dial(&ns)?;
        let drive = async {
            let links = conn.dump_links().await?;
            println!(
                "dump: {} links: {}",
                links.len(),
                links
                    .iter()
                    .map(|l| l.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            let Some(target) = links.iter().find(|l| l.name != "lo") else {
                return Err::<_, BoxError>("no link besides lo to set up".into());
            };
            println!(
                "ack: setting {} (index {}) up, was {}",
                target.name,
                target.index,
                if target.is_up() { "up" } else { "down" }
            );
            conn.set_up(target.index).await?;
            let after = conn.get_link(target.index).await?;
            println!(
                "request: {} (index {}) is {}",
                after.name,
                after.index,
                if after.is_up() { "up" } else { "down" }
            );
            if after.name != target.name || !after.is_up() {
                return Err(format!("{} is not up after the ack: {after:?}", target.name).into());
            }
            Ok(links.len())
        };
        let n = tokio::time::timeout(std::time::Duration::from_secs(30), drive)
            .await
            .map_err(|_| "timed out after 30 s")??;
        let w = conn.waits();
        println!(
            "waited for the fd: {} times sending, {} times receiving; stats: {:?}",
            w.send,
            w.recv,
            conn.conn().stats()
        );
        Ok::<_, BoxError>(n)
    })?;
    println!("ip -j link: {expected} links");
    if got != expected {
        return Err(format!("the dump saw {got} links, ip -j link {expected}").into());
    }
    println!("ok: {got} links, as ip reports");
    Ok(())
}
