//! The body of the fuzz target `protocol` (`fuzz/fuzz_targets/protocol.rs`), here so the ordinary
//! tests replay its corpus without a fuzzer: any bytes a client might send are read or refused
//! with a reason, never a panic; a message read is written back and read again to the same
//! message.

use crate::protocol::{self, ClientMsg};

/// Reads `data` as a client's message; a message read must survive a round trip.
pub fn protocol(data: &[u8]) {
    let Ok(msg) = protocol::decode(data) else {
        return;
    };
    let text = match &msg {
        ClientMsg::Join { .. } | ClientMsg::Command { .. } => {
            serde_json::to_string(&msg).unwrap_or_default()
        }
    };
    if text.len() <= protocol::MAX_MESSAGE {
        assert_eq!(
            protocol::decode(text.as_bytes()).ok().as_ref(),
            Some(&msg),
            "a message read and written back reads the same"
        );
    }
}
