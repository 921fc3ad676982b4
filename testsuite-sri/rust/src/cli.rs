//! A deliberately tiny command-line parser (`--name value` or `--name=value`), so the suite
//! compiles in seconds without an argument-parsing crate.

use crate::{Failure, Result};
use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

/// Parsed command line: positional words in order, and options by name.
#[derive(Debug)]
pub struct Args {
    positional: Vec<String>,
    options: BTreeMap<String, String>,
}

impl Args {
    /// Parses everything after the program name. Every option takes a value.
    pub fn parse(raw: impl IntoIterator<Item = String>) -> Result<Self> {
        let mut positional = Vec::new();
        let mut options = BTreeMap::new();
        let mut raw = raw.into_iter();
        while let Some(word) = raw.next() {
            let Some(option) = word.strip_prefix("--") else {
                positional.push(word);
                continue;
            };
            let (name, value) = match option.split_once('=') {
                Some((name, value)) => (name.to_owned(), value.to_owned()),
                None => {
                    let value = raw
                        .next()
                        .ok_or_else(|| Failure::usage(format!("--{option} needs a value")))?;
                    (option.to_owned(), value)
                }
            };
            if options.insert(name.clone(), value).is_some() {
                return Err(Failure::usage(format!("--{name} given twice")));
            }
        }
        Ok(Self {
            positional,
            options,
        })
    }

    /// The first positional word (the subcommand), if any.
    pub fn subcommand(&self) -> Option<&str> {
        self.positional.first().map(String::as_str)
    }

    /// Whether `--help` was given.
    pub fn wants_help(&self) -> bool {
        self.subcommand() == Some("help") || self.options.contains_key("help")
    }

    /// Removes and returns an option's raw value.
    pub fn take(&mut self, name: &str) -> Option<String> {
        self.options.remove(name)
    }

    /// Removes and returns a required option's raw value.
    pub fn require(&mut self, name: &str) -> Result<String> {
        self.take(name)
            .ok_or_else(|| Failure::usage(format!("--{name} is required")))
    }

    /// Removes an option and parses it, falling back to `default` when absent.
    pub fn parsed_or<T: FromStr>(&mut self, name: &str, default: T) -> Result<T> {
        match self.take(name) {
            None => Ok(default),
            Some(raw) => parse_number_like(name, &raw),
        }
    }

    /// Removes an option holding whole seconds, falling back to `default`.
    pub fn seconds_or(&mut self, name: &str, default: u64) -> Result<Duration> {
        Ok(Duration::from_secs(self.parsed_or(name, default)?))
    }

    /// Removes an option holding a comma-separated list of sizes, e.g. `0,64,70000`.
    pub fn sizes(&mut self, name: &str) -> Result<Option<Vec<usize>>> {
        match self.take(name) {
            None => Ok(None),
            Some(raw) if raw.trim().is_empty() => Ok(Some(Vec::new())),
            Some(raw) => raw
                .split(',')
                .map(|size| parse_number_like(name, size.trim().replace('_', "").as_str()))
                .collect::<Result<Vec<usize>>>()
                .map(Some),
        }
    }

    /// Like [`Self::sizes`], falling back to `default` when absent.
    pub fn sizes_or(&mut self, name: &str, default: &[usize]) -> Result<Vec<usize>> {
        Ok(self.sizes(name)?.unwrap_or_else(|| default.to_vec()))
    }

    /// Fails on positional words past `expected` and on options nobody took, so a typo never
    /// silently changes what a run tests.
    pub fn finish(self, expected_positional: usize) -> Result<()> {
        if let Some(extra) = self.positional.get(expected_positional) {
            return Err(Failure::usage(format!("unexpected argument '{extra}'")));
        }
        if let Some(name) = self.options.keys().next() {
            return Err(Failure::usage(format!("unknown option --{name}")));
        }
        Ok(())
    }
}

/// Parses a decimal or `0x`-prefixed hexadecimal number.
fn parse_number_like<T: FromStr>(name: &str, raw: &str) -> Result<T> {
    let invalid = || Failure::usage(format!("--{name}: '{raw}' is not a valid value"));
    if let Some(hex) = raw.strip_prefix("0x").or_else(|| raw.strip_prefix("0X")) {
        let value = u64::from_str_radix(hex, 16).map_err(|_| invalid())?;
        return value.to_string().parse().map_err(|_| invalid());
    }
    raw.parse().map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Args {
        Args::parse(words.iter().map(|w| w.to_string())).unwrap()
    }

    #[test]
    fn options_take_separate_or_inline_values() {
        let mut parsed = args(&["echo", "--port", "3333", "--host=127.0.0.1"]);
        assert_eq!(parsed.subcommand(), Some("echo"));
        assert_eq!(parsed.parsed_or::<u16>("port", 0).unwrap(), 3333);
        assert_eq!(parsed.require("host").unwrap(), "127.0.0.1");
        parsed.finish(1).unwrap();
    }

    #[test]
    fn hex_numbers_and_size_lists_parse() {
        let mut parsed = args(&["--ext", "0x4000", "--sizes", "0, 64,70_000"]);
        assert_eq!(parsed.parsed_or::<u16>("ext", 0).unwrap(), 0x4000);
        assert_eq!(parsed.sizes_or("sizes", &[]).unwrap(), vec![0, 64, 70_000]);
    }

    #[test]
    fn unknown_options_are_refused() {
        let parsed = args(&["--colour", "blue"]);
        assert_eq!(parsed.finish(0).unwrap_err().exit_code(), 2);
    }
}
