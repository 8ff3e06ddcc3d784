//! A string as a snippet builds it: literal pieces, and pieces it takes from variables the
//! snippet does not define.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Lit(String),
    /// A value the snippet does not show: an environment variable, a parameter.
    Var(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub pieces: Vec<Piece>,
}

impl Text {
    pub fn lit(text: impl Into<String>) -> Self {
        Text {
            pieces: vec![Piece::Lit(text.into())],
        }
    }

    pub fn var(name: impl Into<String>) -> Self {
        Text {
            pieces: vec![Piece::Var(name.into())],
        }
    }

    pub fn push(&mut self, piece: Piece) {
        match (self.pieces.last_mut(), piece) {
            (Some(Piece::Lit(last)), Piece::Lit(more)) => last.push_str(&more),
            (_, piece) => self.pieces.push(piece),
        }
    }

    pub fn append(&mut self, other: Text) {
        for piece in other.pieces {
            self.push(piece);
        }
    }

    /// Drops the first `bytes` bytes of the literal start (no further than the first unknown
    /// piece): `-HName: v` → `Name: v`.
    pub fn strip_prefix(&mut self, mut bytes: usize) {
        while bytes > 0 {
            let Some(Piece::Lit(first)) = self.pieces.first_mut() else {
                return;
            };
            if first.len() > bytes {
                first.replace_range(..bytes, "");
                return;
            }
            bytes -= first.len();
            self.pieces.remove(0);
        }
    }

    /// The whole text, when every piece is known.
    pub fn known(&self) -> Option<String> {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Lit(text) => out.push_str(text),
                Piece::Var(_) => return None,
            }
        }
        Some(out)
    }

    /// The literal text before the first unknown piece.
    pub fn known_prefix(&self) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Lit(text) => out.push_str(text),
                Piece::Var(_) => break,
            }
        }
        out
    }

    /// The text with each unknown piece written as `${name}`.
    pub fn display(&self) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Lit(text) => text.clone(),
                Piece::Var(name) => format!("${{{name}}}"),
            })
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.pieces
            .iter()
            .all(|p| matches!(p, Piece::Lit(t) if t.is_empty()))
    }
}
