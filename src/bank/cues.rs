//! Test-wise cues: a key that gives itself away by its length.
//!
//! Item writers tend to make the right option the longest one, because it needs its
//! qualifications while a wrong option can be short. Candidates who learn that pick the longest
//! option without knowing the rule, which makes the item measure test-wiseness instead of law.

/// `bank check` warns when the key is longer than every other option by at least this factor.
pub const KEY_LENGTH_MARGIN: f64 = 1.2;

/// An option's length as a reader sees it: characters of the trimmed text.
fn length(option: &str) -> usize {
    option.trim().chars().count()
}

/// Whether the key is (one of) the longest options. Ties count: a candidate who picks the
/// longest option has at least an even chance among the tied ones.
pub fn key_is_longest(options: &[String], key: usize) -> bool {
    let Some(key_len) = options.get(key).map(|o| length(o)) else {
        return false;
    };
    options.iter().all(|o| length(o) <= key_len)
}

/// Where the key falls when the options are ordered by length: 0 when no option is longer, 1 when
/// one is, and so on. In a bank without a length cue each rank is about equally common; keys
/// that are usually just below one padded distractor are a cue too.
pub fn key_length_rank(options: &[String], key: usize) -> usize {
    let Some(key_len) = options.get(key).map(|o| length(o)) else {
        return 0;
    };
    options.iter().filter(|o| length(o) > key_len).count()
}

/// If the key stands out by length — at least [`KEY_LENGTH_MARGIN`] times the longest other
/// option — its length and that of the longest other option.
pub fn key_stands_out(options: &[String], key: usize) -> Option<(usize, usize)> {
    let key_len = length(options.get(key)?);
    let next = options
        .iter()
        .enumerate()
        .filter(|&(ix, _)| ix != key)
        .map(|(_, o)| length(o))
        .max()?;
    (key_len as f64 >= next as f64 * KEY_LENGTH_MARGIN && key_len > next).then_some((key_len, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn longest_counts_ties_and_characters_not_bytes() {
        let o = options(&["ææææ", "abcd", "ab"]);
        // "ææææ" is 8 bytes but 4 characters: tied with "abcd".
        assert!(key_is_longest(&o, 0));
        assert!(key_is_longest(&o, 1));
        assert!(!key_is_longest(&o, 2));
        assert!(
            !key_is_longest(&o, 7),
            "a key outside the options is never longest"
        );
    }

    #[test]
    fn rank_counts_the_longer_options() {
        let o = options(&["abc", "abcde", "a", "abcd"]);
        assert_eq!(key_length_rank(&o, 1), 0);
        assert_eq!(key_length_rank(&o, 3), 1);
        assert_eq!(key_length_rank(&o, 0), 2);
        assert_eq!(key_length_rank(&o, 2), 3);
        let tied = options(&["ab", "ab", "a"]);
        assert_eq!(key_length_rank(&tied, 0), 0, "ties do not count as longer");
    }

    #[test]
    fn stands_out_only_by_a_clear_margin() {
        // 12 against 10: longest, but only 20 % longer exactly — flagged.
        let o = options(&["abcdefghijkl", "abcdefghij", "abc"]);
        assert_eq!(key_stands_out(&o, 0), Some((12, 10)));
        // 11 against 10: longest, not by a clear margin.
        let o = options(&["abcdefghijk", "abcdefghij", "abc"]);
        assert!(key_is_longest(&o, 0));
        assert_eq!(key_stands_out(&o, 0), None);
        // A short key never stands out.
        assert_eq!(key_stands_out(&o, 2), None);
        // Surrounding whitespace does not count.
        let o = options(&["  abc  ", "ab", "a"]);
        assert_eq!(key_stands_out(&o, 0), Some((3, 2)));
    }
}
