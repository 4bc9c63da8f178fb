//! Reading a response body into memory within a limit: counted on the
//! decoded bytes as they arrive, so that neither a large body nor a small
//! compressed one that inflates can exhaust memory.

use std::{error::Error as StdError, fmt};

use bytes::Bytes;
use http::StatusCode;
use serde::de::DeserializeOwned;

use super::error::DecodeError;

/// The default of [`ClientBuilder::max_response_bytes`](super::ClientBuilder::max_response_bytes):
/// 32 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 << 20;

/// A response body larger than the limit it was read with: the call fails
/// with [`Error::ResponseTooLarge`](super::Error::ResponseTooLarge) instead
/// of holding it, and is not retried.
///
/// The limit is set for a client with
/// [`ClientBuilder::max_response_bytes`](super::ClientBuilder::max_response_bytes)
/// and for one call with the request builder's `max_response_bytes` (or
/// [`Request::set_max_response_bytes`](super::Request::set_max_response_bytes)).
///
/// ```rust,ignore
/// match client.get_export("42").send().await {
///     Ok(export) => save(export),
///     Err(Error::ResponseTooLarge(err)) => {
///         eprintln!("the export is over {} bytes: export less at a time", err.limit());
///     }
///     Err(other) => return Err(other.into()),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseTooLarge {
    status: StatusCode,
    limit: usize,
    content_length: Option<u64>,
}

impl ResponseTooLarge {
    /// The status of the response whose body was too large.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The limit in bytes that the body exceeded.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The size the server announced in `Content-Length`, when that alone
    /// exceeded the limit and nothing was read; `None` when the body (after
    /// decompression) grew past the limit while it was read.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }
}

impl fmt::Display for ResponseTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} response body ", self.status)?;
        match self.content_length {
            Some(length) => write!(f, "announces {length} bytes, more than")?,
            None => f.write_str("exceeds")?,
        }
        write!(
            f,
            " the limit of {} bytes; raise the limit with `ClientBuilder::max_response_bytes`, \
             or for one call with the request builder's `max_response_bytes`",
            self.limit
        )
    }
}

impl StdError for ResponseTooLarge {}

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The connection or the decompression failed.
    Transport(reqwest::Error),
    /// The body exceeds the limit.
    TooLarge(ResponseTooLarge),
}

/// Reads the body of `response` into memory, failing as soon as the
/// decoded bytes exceed `limit`, or before reading anything when the size
/// the server announced does.
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Bytes, ReadError> {
    let status = response.status();
    let too_large = |content_length| {
        ReadError::TooLarge(ResponseTooLarge {
            status,
            limit,
            content_length,
        })
    };
    // The length of the body as it will be read: reqwest gives none for a
    // body it decompresses.
    let announced = response.content_length();
    if let Some(length) = announced.filter(|&length| length > limit as u64) {
        return Err(too_large(Some(length)));
    }
    let mut body = Collected::new(announced);
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        if chunk.len() > limit - body.len {
            return Err(too_large(None));
        }
        body.push(chunk);
    }
    Ok(body.into_bytes())
}

/// The size of the blocks a body of unknown length is copied into.
const BLOCK_BYTES: usize = 1 << 20;

/// The bytes of a body read so far.
///
/// A body of one chunk, the usual case for a small one, is kept as it came.
/// Once there are more, their bytes are copied, so that no chunk (nor the
/// buffer it was cut from) is kept: into one buffer of the size the server
/// announced, or else into blocks, joined at the end. Nothing is reallocated
/// while the body grows, so a body cut off at the limit has taken no more
/// memory than the limit.
struct Collected {
    first: Option<Bytes>,
    blocks: Vec<Vec<u8>>,
    block_bytes: usize,
    len: usize,
}

impl Collected {
    fn new(announced: Option<u64>) -> Self {
        let block_bytes = announced
            .and_then(|length| usize::try_from(length).ok())
            .unwrap_or(BLOCK_BYTES);
        Self {
            first: None,
            blocks: Vec::new(),
            block_bytes: block_bytes.max(1),
            len: 0,
        }
    }

    fn push(&mut self, chunk: Bytes) {
        if chunk.is_empty() {
            return;
        }
        if self.len == 0 {
            self.len = chunk.len();
            self.first = Some(chunk);
            return;
        }
        if let Some(first) = self.first.take() {
            self.copy(&first);
        }
        self.copy(&chunk);
        self.len += chunk.len();
    }

    fn copy(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            match self.blocks.last_mut() {
                Some(block) if block.len() < block.capacity() => {
                    let taken = bytes.len().min(block.capacity() - block.len());
                    block.extend_from_slice(&bytes[..taken]);
                    bytes = &bytes[taken..];
                }
                _ => self.blocks.push(Vec::with_capacity(self.block_bytes)),
            }
        }
    }

    fn into_bytes(mut self) -> Bytes {
        if let Some(first) = self.first {
            return first;
        }
        if self.blocks.len() == 1 {
            return Bytes::from(self.blocks.swap_remove(0));
        }
        let mut body = Vec::with_capacity(self.len);
        for block in self.blocks {
            body.extend_from_slice(&block);
        }
        Bytes::from(body)
    }
}

/// How many characters of a body a preview shows.
pub(crate) const PREVIEW_CHARS: usize = 200;

/// The first [`PREVIEW_CHARS`] characters of `body` (invalid UTF-8 shown as
/// `�`), and whether more follows.
fn head(body: &[u8]) -> (String, bool) {
    // No character takes more than 4 bytes.
    let bytes = &body[..body.len().min(PREVIEW_CHARS * 4)];
    let text = String::from_utf8_lossy(bytes);
    let shown: String = text.chars().take(PREVIEW_CHARS).collect();
    let more = shown.len() < text.len() || bytes.len() < body.len();
    (shown, more)
}

/// The start of `body` as one line of text, for a message: [`head`] of the
/// body without surrounding whitespace, control characters shown as spaces.
pub(crate) fn preview(body: &[u8]) -> (String, bool) {
    let (shown, more) = head(body.trim_ascii());
    let line = shown
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    (line, more)
}

/// Decodes a JSON body as `T`; an empty body (or only whitespace) decodes
/// as `null`. A failure names the path from the document's root to the
/// value that did not decode ([`DecodeError::path`]).
///
/// # Errors
///
/// A [`DecodeError`] naming where and why the body is not a `T`.
pub fn decode_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    match decode_json(body) {
        Err(err) if body.iter().all(u8::is_ascii_whitespace) => {
            decode_json(b"null").map_err(|_| err)
        }
        decoded => decoded,
    }
}

/// Decodes a whole JSON document as `T`, keeping track of where the decoder
/// is. The path it keeps holds one segment per level of nesting, which the
/// JSON decoder's recursion limit bounds, and keys the body holds anyway.
fn decode_json<T: DeserializeOwned>(text: &[u8]) -> Result<T, DecodeError> {
    let mut decoder = serde_json::Deserializer::from_slice(text);
    let value = serde_path_to_error::deserialize(&mut decoder).map_err(DecodeError::tracked)?;
    decoder.end()?;
    Ok(value)
}

/// A body in `Debug` output: its start, as [`head`] gives it, quoted and
/// escaped, then its size if there is more; never the whole of a large body.
pub(crate) struct Preview<'a>(pub(crate) &'a [u8]);

impl fmt::Debug for Preview<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shown, more) = head(self.0);
        write!(f, "{shown:?}")?;
        if more {
            write!(f, "… ({} bytes)", self.0.len())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::{BLOCK_BYTES, Collected, PREVIEW_CHARS, Preview, preview};

    fn collect(announced: Option<u64>, chunks: &[&[u8]]) -> Bytes {
        let mut body = Collected::new(announced);
        for chunk in chunks {
            body.push(Bytes::copy_from_slice(chunk));
        }
        assert_eq!(body.len, chunks.iter().map(|c| c.len()).sum::<usize>());
        body.into_bytes()
    }

    #[test]
    fn chunks_are_joined_in_order() {
        assert_eq!(collect(None, &[]), "");
        assert_eq!(collect(None, &[b"", b"one", b""]), "one");
        assert_eq!(collect(Some(6), &[b"one", b"", b"two"]), "onetwo");
        assert_eq!(collect(None, &[b"a", b"b", b"c"]), "abc");
        let large = vec![7u8; BLOCK_BYTES + 3];
        let joined = collect(None, &[b"ab", &large, b"cd"]);
        assert_eq!(joined.len(), BLOCK_BYTES + 7);
        assert!(joined.starts_with(b"ab\x07") && joined.ends_with(b"\x07cd"));
    }

    #[test]
    fn a_preview_shows_the_start_on_one_line() {
        assert_eq!(
            preview(b"  {\"a\":\n1}\n"),
            ("{\"a\": 1}".to_owned(), false)
        );
        let long = "é".repeat(PREVIEW_CHARS + 1);
        let (shown, more) = preview(long.as_bytes());
        assert_eq!(shown.chars().count(), PREVIEW_CHARS);
        assert!(more);
        assert_eq!(preview(b"\xff ok"), ("\u{fffd} ok".to_owned(), false));
    }

    #[test]
    fn a_debug_preview_is_bounded_and_names_the_size() {
        let body = vec![b'x'; 1 << 20];
        let shown = format!("{:?}", Preview(&body));
        assert!(shown.len() < PREVIEW_CHARS + 32, "{shown}");
        assert!(shown.ends_with("… (1048576 bytes)"), "{shown}");
        assert_eq!(format!("{:?}", Preview(b" a\nb ")), "\" a\\nb \"");
    }
}
