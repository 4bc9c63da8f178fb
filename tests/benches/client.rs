// TEMPORARY size probe.
fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let _g = rt.enter();
    let client = asana_webhooks::Client::builder().base_url("http://127.0.0.1:1").personal_access_token("t").build().unwrap();
    let http = reqwest::Client::new();
    let send = client.get_webhook("123").send();
    println!("GetWebhook::send future: {} bytes", std::mem::size_of_val(&send));
    let pending = http.get("http://127.0.0.1:1/webhooks/123").send();
    println!("reqwest Pending: {} bytes", std::mem::size_of_val(&pending));
    let raw = async { let r = http.get("http://127.0.0.1:1/x").send().await.unwrap(); r.bytes().await.unwrap() };
    println!("raw call future (send + bytes): {} bytes", std::mem::size_of_val(&raw));
    println!("Request: {} bytes", std::mem::size_of::<asana_webhooks::runtime::Request>());
}
