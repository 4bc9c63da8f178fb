//! Receives Asana webhooks: creates a webhook on a resource, completes the handshake, then
//! verifies and prints the events Asana delivers, until Enter is pressed.
//!
//! Asana must be able to reach this server over HTTPS, so run it behind a tunnel or a reverse
//! proxy (for example `ngrok http 8080`) and pass the tunnel's public URL.
//!
//! ```text
//! ASANA_TOKEN=<personal access token> \
//! ASANA_RESOURCE=<gid of the project or task to watch> \
//! PUBLIC_URL=https://<your-tunnel>.example \
//! PORT=8080 \
//! cargo run -p tests --example webhook_receiver
//! ```
//!
//! * `ASANA_TOKEN`: a personal access token (required).
//! * `ASANA_RESOURCE`: the gid of the resource to watch (required).
//! * `PUBLIC_URL`: the public base URL forwarding to this server (required); the webhook's
//!   target is `<PUBLIC_URL>/asana/webhooks/<random key>`.
//! * `PORT`: the local port to listen on, on 127.0.0.1 (default 8080).
//! * `ASANA_BASE_URL`: the API to talk to (default `https://app.asana.com/api/1.0`), for example
//!   a sandbox or a local fake to try this program against before pointing it at Asana.
//!
//! The server is listening before the webhook is created, since Asana sends the handshake while
//! the creation request is pending. Events are handed to a separate task and the request is
//! answered at once: Asana allows 10 seconds. On exit the webhook is deleted.

use std::{
    error::Error,
    hash::{BuildHasher, RandomState},
    net::Ipv4Addr,
    sync::Arc,
};

use asana_webhooks::{
    Client,
    models::{EventResponse, WebhookRequest},
    runtime::{MemorySecretStore, WebhookReceiver},
};
use axum::{
    Router,
    body::Body,
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
    routing::post,
};
use bytes::Bytes;
use futures::{
    StreamExt,
    channel::{mpsc, oneshot},
};

#[derive(Clone)]
struct App {
    receiver: Arc<WebhookReceiver<MemorySecretStore>>,
    events: mpsc::UnboundedSender<Vec<EventResponse>>,
}

/// `POST /asana/webhooks/{key}`: handshakes and deliveries alike.
async fn receive(
    State(app): State<App>,
    Path(key): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let response = match app
        .receiver
        .receive::<EventResponse>(&key, &headers, &body)
        .await
    {
        Ok(outcome) => {
            let (response, events) = outcome.into_parts();
            if !events.is_empty() {
                // Processing happens in another task; answer Asana right away.
                let _ = app.events.unbounded_send(events);
            }
            response
        }
        Err(err) => {
            eprintln!("refused a webhook request ({}): {err}", err.status());
            err.to_response()
        }
    };
    response.map(Body::from)
}

/// Prints events as they arrive.
async fn process(mut events: mpsc::UnboundedReceiver<Vec<EventResponse>>) {
    while let Some(batch) = events.next().await {
        for event in batch {
            let resource = event.resource.unwrap_or_default();
            println!(
                "{} {} {}{}",
                event.action.as_deref().unwrap_or("?"),
                resource.resource_type.as_deref().unwrap_or("resource"),
                resource.gid.as_deref().unwrap_or("?"),
                event
                    .change
                    .and_then(|change| change.field)
                    .map(|field| format!(" (field {field})"))
                    .unwrap_or_default(),
            );
        }
    }
}

fn required(name: &str) -> Result<String, Box<dyn Error>> {
    std::env::var(name).map_err(|_| format!("set {name} (see the top of this file)").into())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let token = required("ASANA_TOKEN")?;
    let resource = required("ASANA_RESOURCE")?;
    let public_url = required("PUBLIC_URL")?;
    let port: u16 = match std::env::var("PORT") {
        Ok(port) => port.parse()?,
        Err(_) => 8080,
    };

    // A key nobody can guess, so nobody else can register a secret for this target first.
    let key: String = (0..2)
        .map(|_| format!("{:016x}", RandomState::new().hash_one(0_u8)))
        .collect();
    let target = format!("{}/asana/webhooks/{key}", public_url.trim_end_matches('/'));

    // 1. Listen first: Asana sends the handshake while the creation request is pending.
    let (events, queue) = mpsc::unbounded();
    let app = App {
        receiver: Arc::new(WebhookReceiver::new(MemorySecretStore::new())),
        events,
    };
    let router = Router::new()
        .route("/asana/webhooks/{key}", post(receive))
        .with_state(app);
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
    println!("listening on {}", listener.local_addr()?);
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    let processor = tokio::spawn(process(queue));

    // 2. Create the webhook; the receiver stores the secret during the call.
    let mut client = Client::builder().personal_access_token(token);
    if let Ok(base_url) = std::env::var("ASANA_BASE_URL") {
        client = client.base_url(base_url);
    }
    let client = client.build()?;
    let created = client
        .create_webhook(WebhookRequest {
            resource,
            target: target.parse()?,
            filters: None,
        })
        .send()
        .await?;
    let gid = created
        .data
        .and_then(|webhook| webhook.gid)
        .ok_or("Asana returned no webhook gid")?;
    println!("webhook {gid} created for {target}; press Enter to delete it and exit");

    // 3. Deliveries are verified and printed until Enter is pressed.
    tokio::task::spawn_blocking(|| std::io::stdin().read_line(&mut String::new())).await??;

    client.delete_webhook(&gid).send().await?;
    println!("webhook {gid} deleted");
    let _ = stop.send(());
    server.await??;
    processor.abort();
    Ok(())
}
