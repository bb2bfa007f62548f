//! What a token is and why it would be refused: [`inspect_token`] and [`explain_token`].
