//! Which specs `--compile N` builds: N of the generating specs, spread over providers, chosen
//! by a stable hash so that the same corpus and the same outcomes give the same sample on every
//! machine and every run.
//!
//! Providers are put in the order of the FNV-1a hash of their names, and each provider's specs
//! in the order of the hash of their paths. The sample takes the first spec of every provider in
//! turn, then the second of those that have one, and so on: one spec per provider until every
//! provider has given one.

use std::collections::BTreeMap;

/// 64-bit FNV-1a: a fixed function, unlike `std`'s hasher, whose output may change.
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The first `n` of `candidates` (spec path, provider) in round-robin order over providers;
/// returns indices into `candidates`.
pub fn choose(candidates: &[(&str, &str)], n: usize) -> Vec<usize> {
    let mut by_provider: BTreeMap<(u64, &str), Vec<usize>> = BTreeMap::new();
    for (index, (_, provider)) in candidates.iter().enumerate() {
        by_provider
            .entry((stable_hash(provider), provider))
            .or_default()
            .push(index);
    }
    let mut queues: Vec<Vec<usize>> = by_provider
        .into_values()
        .map(|mut specs| {
            specs.sort_by_key(|&i| (stable_hash(candidates[i].0), candidates[i].0));
            specs.reverse(); // popped from the back: first in hash order first
            specs
        })
        .collect();
    let mut chosen = Vec::with_capacity(n.min(candidates.len()));
    while chosen.len() < n && queues.iter().any(|q| !q.is_empty()) {
        for queue in &mut queues {
            if chosen.len() == n {
                break;
            }
            if let Some(index) = queue.pop() {
                chosen.push(index);
            }
        }
    }
    chosen
}

/// The first `n` of `candidates` with at least `quota` of those `in_quota` marks (or all there
/// are): the quota chosen first, by [`choose`] among them, then the rest by [`choose`] among
/// the others. Returns indices into `candidates`.
pub fn choose_with_quota(
    candidates: &[(&str, &str)],
    n: usize,
    in_quota: &[bool],
    quota: usize,
) -> Vec<usize> {
    let split = |wanted: bool| -> (Vec<usize>, Vec<(&str, &str)>) {
        (0..candidates.len())
            .filter(|&i| in_quota.get(i).copied().unwrap_or(false) == wanted)
            .map(|i| (i, candidates[i]))
            .unzip()
    };
    let (marked, marked_candidates) = split(true);
    let mut chosen: Vec<usize> = choose(&marked_candidates, quota.min(n))
        .into_iter()
        .map(|i| marked[i])
        .collect();
    let rest: Vec<usize> = (0..candidates.len())
        .filter(|i| !chosen.contains(i))
        .collect();
    let rest_candidates: Vec<(&str, &str)> = rest.iter().map(|&i| candidates[i]).collect();
    chosen.extend(
        choose(&rest_candidates, n - chosen.len())
            .into_iter()
            .map(|i| rest[i]),
    );
    chosen
}

/// The crate a corpus spec is generated into: `api/azure.com/network.json` ->
/// `corpus-azure-com-network` (a valid package name, even when the path starts with a digit).
pub fn crate_name(spec_path: &str) -> String {
    let stem = spec_path.strip_prefix("api/").unwrap_or(spec_path);
    let stem = [".json", ".yaml", ".yml"]
        .iter()
        .find_map(|e| stem.strip_suffix(e))
        .unwrap_or(stem);
    let mut name = String::from("corpus-");
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    name.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_fnv_1a() {
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn the_sample_takes_one_spec_per_provider_before_a_second() {
        let candidates = [
            ("api/big.com/a.json", "big.com"),
            ("api/big.com/b.json", "big.com"),
            ("api/big.com/c.json", "big.com"),
            ("api/big.com/d.json", "big.com"),
            ("api/one.org.json", "one.org"),
            ("api/two.net/x.json", "two.net"),
            ("api/two.net/y.json", "two.net"),
        ];
        let three = choose(&candidates, 3);
        let providers: Vec<&str> = three.iter().map(|&i| candidates[i].1).collect();
        let mut distinct = providers.clone();
        distinct.sort();
        assert_eq!(distinct, ["big.com", "one.org", "two.net"]);

        let five = choose(&candidates, 5);
        assert_eq!(
            &five[..3],
            &three[..],
            "a larger sample extends a smaller one"
        );
        let big = five
            .iter()
            .filter(|&&i| candidates[i].1 == "big.com")
            .count();
        assert_eq!(
            big, 2,
            "the fourth and fifth come from the providers with more specs"
        );

        let all = choose(&candidates, 100);
        assert_eq!(all.len(), candidates.len());
    }

    #[test]
    fn the_sample_does_not_depend_on_the_input_order() {
        let mut candidates = vec![
            ("api/p1.com/a.json", "p1.com"),
            ("api/p1.com/b.json", "p1.com"),
            ("api/p2.com.json", "p2.com"),
            ("api/p3.com/a.json", "p3.com"),
            ("api/p3.com/b.json", "p3.com"),
        ];
        let paths = |c: &[(&'static str, &'static str)], chosen: Vec<usize>| -> Vec<&'static str> {
            chosen.into_iter().map(|i| c[i].0).collect()
        };
        let forward = paths(&candidates, choose(&candidates, 4));
        candidates.reverse();
        let backward = paths(&candidates, choose(&candidates, 4));
        assert_eq!(forward, backward);
    }

    #[test]
    fn a_quota_of_marked_specs_is_chosen_first_and_the_rest_as_before() {
        let candidates = [
            ("api/a/1.json", "a"),
            ("api/a/2.json", "a"),
            ("api/b/1.json", "b"),
            ("api/c/1.json", "c"),
            ("api/d/1.json", "d"),
        ];
        let marked = [false, true, false, true, true];
        let chosen = choose_with_quota(&candidates, 3, &marked, 2);
        assert_eq!(chosen.len(), 3);
        assert!(
            chosen.iter().filter(|&&i| marked[i]).count() >= 2,
            "{chosen:?}"
        );
        let mut unique = chosen.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 3, "{chosen:?}");
        // Fewer marked than the quota: all of them, then the others.
        let chosen = choose_with_quota(&candidates, 5, &[false, true, false, false, false], 4);
        assert_eq!(chosen[0], 1);
        assert_eq!(chosen.len(), 5);
        // No quota: the plain sample.
        assert_eq!(
            choose_with_quota(&candidates, 4, &marked, 0),
            choose(&candidates, 4)
        );
    }

    #[test]
    fn crate_names_are_valid_package_names() {
        assert_eq!(
            crate_name("api/azure.com/network.json"),
            "corpus-azure-com-network"
        );
        assert_eq!(crate_name("api/1forge.com.json"), "corpus-1forge-com");
        assert_eq!(
            crate_name("api/nasa.gov/asteroids neows.json"),
            "corpus-nasa-gov-asteroids-neows"
        );
        assert_eq!(crate_name("api/x--y_.yaml"), "corpus-x-y");
    }
}
