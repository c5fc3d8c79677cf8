//! Twilio's form-encoded request bodies.

/// A form-encoded Twilio request body: PascalCase names, dotted for nested fields, repeated for lists.
#[derive(Debug, Clone, Default)]
pub struct Form(Vec<(String, String)>);

impl Form {
    pub fn new() -> Self {
        Form::default()
    }

    pub fn set(mut self, name: &str, value: impl Into<String>) -> Self {
        self.0.push((name.to_owned(), value.into()));
        self
    }

    /// Adds the field only when there is a value.
    pub fn maybe(self, name: &str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(value) => self.set(name, value),
            None => self,
        }
    }

    /// One field per value, as Twilio takes arrays.
    pub fn each<S: Into<String>>(
        mut self,
        name: &str,
        values: impl IntoIterator<Item = S>,
    ) -> Self {
        for value in values {
            self = self.set(name, value);
        }
        self
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }
}
