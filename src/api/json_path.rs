//! Finds where in a JSON text a decode error happened, as a path like
//! `$.results[3].state.type`, from serde_json's line and column.

/// The JSON path of the value containing `line`:`column` (1-based, as serde_json reports).
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    let target = byte_offset(text, line, column);
    enum Frame {
        Object { key: Option<String> },
        Array { index: usize },
    }
    let mut stack: Vec<Frame> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut expecting_key = false;
    while i < bytes.len() && i < target {
        match bytes[i] {
            b'{' => {
                stack.push(Frame::Object { key: None });
                expecting_key = true;
            }
            b'[' => {
                stack.push(Frame::Array { index: 0 });
                expecting_key = false;
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { .. }) => expecting_key = true,
                None => {}
            },
            b':' => expecting_key = false,
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if expecting_key {
                    if let Some(Frame::Object { key }) = stack.last_mut() {
                        *key = Some(
                            String::from_utf8_lossy(&bytes[start..i.min(bytes.len())]).into_owned(),
                        );
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::from("$");
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key) } => {
                path.push('.');
                path.push_str(key);
            }
            Frame::Object { key: None } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (n, content) in text.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            return offset + column.min(content.len());
        }
        offset += content.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schemas::responses::Paginated;
    use crate::schemas::FlowRun;

    #[test]
    fn points_at_the_failing_value() {
        let text = r#"{"results":[{"flow_id":"00000000-0000-0000-0000-000000000000"},{"flow_id":"x","state":{"type":"RUNNING","timestamp":"bad"}}],"count":2,"limit":1,"pages":1,"page":1}"#;
        let err = serde_json::from_str::<Paginated<FlowRun>>(text).unwrap_err();
        assert_eq!(
            path_at(text, err.line(), err.column()),
            "$.results[1].flow_id"
        );
        let text = "[1, 2,\n {\"a\": [true, \"x\"]}]";
        assert_eq!(path_at(text, 2, 16), "$[2].a[1]");
    }

    #[test]
    fn never_panics_on_odd_positions() {
        for (text, line, column) in [("", 1, 1), ("{", 9, 9), ("\"\\", 1, 2), ("[]]]", 1, 4)] {
            let _ = path_at(text, line, column);
        }
    }
}
