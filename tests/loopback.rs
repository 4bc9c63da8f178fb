//! Scripted HTTP/1.1 servers on 127.0.0.1, for tests that need what a mock server cannot do:
//! write a body chunk by chunk, pause, cut a connection, send bytes no client asked for. Each
//! serves a bounded number of connections, each within a bound of time.

use std::{
    future::Future,
    io,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use tokio::{
    io::AsyncReadExt,
    net::{TcpListener, TcpStream},
    sync::oneshot,
    time::timeout,
};

/// The largest request head [`read_request`] reads, and the most of a body it keeps.
pub const MAX_REQUEST_BYTES: usize = 64 << 10;

/// A server started by [`serve`].
pub struct Served {
    /// Its base URL, `http://127.0.0.1:PORT`.
    pub url: String,
    /// How many connections it has accepted.
    pub answered: Arc<AtomicUsize>,
    /// Sent once every answer is written (or its connection is over), or the server stopped
    /// waiting for the next connection.
    pub finished: oneshot::Receiver<()>,
}

/// A server that answers one connection with each of `answers`, in order, with `answer`, then
/// stops listening. It waits at most `bound` for each connection, and gives each answer at
/// most `bound` (an answer cut short, or failing because the client has gone, ends its
/// connection).
pub async fn serve<A, F, Fut>(answers: Vec<A>, bound: Duration, mut answer: F) -> Served
where
    A: Send + 'static,
    F: FnMut(TcpStream, A) -> Fut + Send + 'static,
    Fut: Future<Output = io::Result<()>> + Send,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let answered = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&answered);
    let (done, finished) = oneshot::channel();
    tokio::spawn(async move {
        for each in answers {
            let Ok(Ok((socket, _))) = timeout(bound, listener.accept()).await else {
                break;
            };
            count.fetch_add(1, Ordering::SeqCst);
            let _ = timeout(bound, answer(socket, each)).await;
        }
        let _ = done.send(());
    });
    Served {
        url,
        answered,
        finished,
    }
}

/// Reads a request head of at most [`MAX_REQUEST_BYTES`], and a body of the `Content-Length`
/// it gives (at most as many bytes): the head in lower case, and the body.
pub async fn read_request(socket: &mut TcpStream) -> io::Result<(String, Vec<u8>)> {
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let read = socket.read(&mut chunk).await?;
        if read == 0 || buffer.len() > MAX_REQUEST_BYTES {
            return Err(io::ErrorKind::InvalidData.into());
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0)
        .min(MAX_REQUEST_BYTES);
    let mut body = buffer.split_off(end);
    while body.len() < length {
        let read = socket.read(&mut chunk).await?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Ok((head, body))
}
