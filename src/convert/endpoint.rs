//! The URL: it must be the relay's endpoint, `<base>/v1/responses`; the base (scheme, host, port
//! and any reverse-proxy prefix such as `/open1-api`) becomes `base_url`.

use super::options::Parts;
use super::{Problem, unknowns};
use crate::http::url::{BaseUrlProblem, parse_http};
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
    let url = match parse_http(&text) {
        Ok(url) => url,
        Err(BaseUrlProblem::NotUrl(e)) => return problem(format!("{text:?} is not a URL: {e}")),
        Err(BaseUrlProblem::NotHttp) => return problem(format!("{text:?} is not an http(s) URL")),
        Err(BaseUrlProblem::QueryOrFragment) => {
            return problem(format!(
                "{text:?} has a query or fragment; the snippets post to <base>{ENDPOINT_PATH} without one"
            ));
        }
        Err(BaseUrlProblem::Credentials) => {
            return problem(format!(
                "{:?} holds credentials; the relay reads the key from the Authorization header",
                crate::secret::mask_secrets(&text)
            ));
        }
    };
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
