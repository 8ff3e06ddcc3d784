//! The URL: it must be the relay's endpoint, `<base>/v1/responses`; the base (scheme, host, port
//! and any reverse-proxy prefix such as `/open1-api`) becomes `base_url`.

use super::options::Parts;
use super::{Problem, unknowns};
use crate::request::ENDPOINT_PATH;

pub fn base_url(parts: &Parts) -> Result<String, Problem> {
    let word = &parts.url;
    let Some(text) = word.text.known() else {
        return Err(Problem::at(
            &word.span,
            format!(
                "the URL uses {}, which the command does not define: write the URL out, or assign the variable before the command",
                unknowns(&word.text)
            ),
        ));
    };
    let problem = |message: String| Err(Problem::at(&word.span, message));
    if !text.contains("://") {
        return problem(format!(
            "{text:?} has no scheme: curl would use http://, but the relay answers https:// only; write \"https://{text}\""
        ));
    }
    let url = match url::Url::parse(&text) {
        Ok(url) => url,
        Err(e) => return problem(format!("{text:?} is not a URL: {e}")),
    };
    if !matches!(url.scheme(), "http" | "https") {
        return problem(format!("{text:?} is not an http(s) URL"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return problem(format!(
            "{text:?} has a query or fragment; the snippets post to <base>{ENDPOINT_PATH} without one"
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return problem(format!(
            "{:?} holds credentials; the relay reads the key from the Authorization header",
            crate::secret::mask_secrets(&text)
        ));
    }
    let Some(prefix) = url.path().strip_suffix(ENDPOINT_PATH) else {
        return problem(format!(
            "the URL posts to {}; the snippets post only to {ENDPOINT_PATH} (the Responses API), below the base URL",
            url.path()
        ));
    };
    let mut base = url.clone();
    base.set_path(prefix);
    Ok(base.as_str().trim_end_matches('/').to_owned())
}
