//! Traceability inside one plan: which scenarios cover each testing goal and each acceptance
//! criterion, and which scenarios serve no goal. Read by the `goal-scenario` and
//! `criterion-scenario` rules and printed by `stp trace --in-document`.
//!
//! Every text is read once: its content words are stemmed (Snowball English, stop words and
//! generic test verbs left out), bare numbers dropped ("9.8" says nothing about what is
//! tested), identifiers split (`scratchSpaceStorageClass`) and a versioned acronym also
//! counted without its version (`DHCPv4` is about `DHCP`), then interned as numbers. Matching
//! then compares sorted integer lists, so the cost grows with the number of goal-scenario
//! pairs, not with the length of the texts times the number of scenarios.
//!
//! The measure is *weighted term coverage*: the share of a goal's (or criterion's) terms, by
//! weight, that a scenario also uses. A term's weight is its inverse document frequency over
//! the plan's scenarios, goals and criteria, `ln(1 + n / df)`, so words every scenario shares
//! ("VM", the feature's name) count little. A pair matches when the coverage reaches
//! [`THRESHOLD`] (or shares at least five words at 0.2, for long goals) *and* the evidence is
//! specific: at least two shared terms, or one rare one
//! (used by at most two units, or by at most a tenth of them) that carries at least half of
//! the text's weight. Each scenario is scored on its
//! own; only when no single scenario covers a goal are the scenarios of one requirement pooled
//! (a goal is sometimes proven by a requirement's scenarios together) — never under a
//! placeholder or missing requirement key, and never when one key holds most scenarios, since
//! pooling everything would make any goal "match".

use crate::model::{Priority, Stp};
use crate::prose::with_content_stems;
use crate::recognise::{is_jira_key, names_test_suite};
use crate::source::Span;
use serde::Serialize;
use std::collections::HashMap;

/// The least weighted coverage that counts as a match.
pub const THRESHOLD: f64 = 0.3;

/// How many candidate scenarios a match keeps besides those that match, for explaining the
/// decision.
const CANDIDATES: usize = 3;

/// A requirement's scenarios are pooled only when the requirement has at most this many.
const MAX_POOL: usize = 6;

/// The most goal-or-criterion × scenario pairs a plan is traced on. Every pair is scored,
/// so the work grows with their product: the largest real plan has about 1,500 pairs, a
/// generated one with thousands of goals and scenarios would take minutes and gigabytes.
/// Beyond this the plan is not traced, and the rules built on the trace stay silent.
pub const MAX_PAIRS: usize = 100_000;

#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    pub goals: Vec<Match>,
    pub criteria: Vec<Match>,
    /// Scenarios (indices into `Stp::scenarios`) that share no specific term with any goal;
    /// regression rows are left out. Empty when the plan has no goals.
    pub scenarios_without_goal: Vec<usize>,
    pub threshold: f64,
    /// The plan has more goal-or-criterion × scenario pairs than [`MAX_PAIRS`] and was not
    /// traced: every list above is empty.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub too_large: bool,
}

/// One goal or criterion and its best scenarios.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    /// Index into `Stp::goals` or `Stp::acceptance_criteria`.
    pub index: usize,
    pub span: Span,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<u8>,
    /// Best first: every matching scenario, and at least [`CANDIDATES`].
    pub candidates: Vec<Candidate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    /// Index into `Stp::scenarios`.
    pub scenario: usize,
    pub score: f64,
    /// Whether the evidence is specific enough (two shared terms, or one rare one).
    pub specific: bool,
    /// Scored together with the other scenarios of its requirement (the fallback).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pooled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<u8>,
    /// The terms both sides share (stems).
    pub shared: Vec<String>,
}

/// A long goal is matched by a scenario that shares many of its words even when they are
/// less than [`THRESHOLD`] of its weight: this many shared words, at [`BROAD_THRESHOLD`].
const BROAD_SHARED: usize = 5;
const BROAD_THRESHOLD: f64 = 0.2;

impl Candidate {
    pub fn matches(&self) -> bool {
        is_match(self.specific, self.score, self.shared.len())
    }
}

fn is_match(specific: bool, score: f64, shared: usize) -> bool {
    specific && (score >= THRESHOLD || (shared >= BROAD_SHARED && score >= BROAD_THRESHOLD))
}

/// A candidate while it is being ranked: how many terms it shares, and the terms it was
/// scored against, so the shared terms are named only for the candidates that are kept.
struct Scored<'s> {
    candidate: Candidate,
    shared: usize,
    against: &'s [u32],
}

impl Scored<'_> {
    fn matches(&self) -> bool {
        is_match(self.candidate.specific, self.candidate.score, self.shared)
    }
}

impl Match {
    pub fn matched(&self) -> bool {
        self.candidates.first().is_some_and(Candidate::matches)
    }

    /// The matched scenarios.
    pub fn matches(&self) -> impl Iterator<Item = &Candidate> {
        self.candidates.iter().filter(|c| c.matches())
    }
}

/// Term ids of a text, sorted and deduplicated.
type Terms = Vec<u32>;

/// Interns the terms of every text of one plan.
#[derive(Default)]
struct Vocabulary {
    ids: HashMap<String, u32, crate::prose::FastHash>,
    names: Vec<String>,
    /// Per id of the thread's stem cache (see [`with_content_stems`]): the terms that stem
    /// stands for, filled in on first sight, so a stem seen before costs no string lookup.
    by_stem: Vec<Interned>,
    /// The stem cache's generation `by_stem` belongs to.
    generation: u64,
}

#[derive(Debug, Clone, Copy, Default)]
enum Interned {
    #[default]
    Unseen,
    /// A bare number or version: not a term.
    Skipped,
    Term(u32),
    /// A versioned acronym (`dhcpv4`) and the acronym alone (`dhcp`).
    Versioned {
        term: u32,
        base: u32,
    },
}

impl Vocabulary {
    fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(term.to_string());
        self.ids.insert(term.to_string(), id);
        id
    }

    fn terms(&mut self, text: &str) -> Terms {
        with_content_stems(text, |cached| {
            if cached.generation != self.generation {
                self.by_stem.clear();
                self.generation = cached.generation;
            }
            let mut out: Terms = Vec::with_capacity(cached.ids.len());
            let mut unseen: Vec<u32> = Vec::new();
            for &stem in cached.ids {
                match self.by_stem.get(stem as usize).copied().unwrap_or_default() {
                    Interned::Unseen => unseen.push(stem),
                    Interned::Skipped => {}
                    Interned::Term(term) => out.push(term),
                    Interned::Versioned { term, base } => out.extend([base, term]),
                }
            }
            // New terms are numbered in alphabetical order of their stems, text by text, so
            // the numbering (and the order shared terms are listed in) does not depend on
            // what the thread stemmed before.
            unseen.sort_unstable_by_key(|&stem| cached.stems[stem as usize].as_str());
            for stem in unseen {
                let name = cached.stems[stem as usize].as_str();
                let interned = if !name.bytes().any(|b| b.is_ascii_alphabetic())
                    && !name.chars().any(|c| c.is_alphabetic())
                {
                    Interned::Skipped // bare numbers and versions
                } else if let Some(base) = unversioned(name) {
                    let base = self.id(base);
                    let term = self.id(name);
                    out.extend([base, term]);
                    Interned::Versioned { term, base }
                } else {
                    let term = self.id(name);
                    out.push(term);
                    Interned::Term(term)
                };
                let at = stem as usize;
                if self.by_stem.len() <= at {
                    self.by_stem.resize(at + 1, Interned::Unseen);
                }
                self.by_stem[at] = interned;
            }
            out.sort_unstable();
            out.dedup();
            out
        })
    }
}

/// `dhcpv4` -> `dhcp`, `rhcos10` -> `rhcos`: the acronym a versioned name is about, when at
/// least three letters remain.
fn unversioned(stem: &str) -> Option<&str> {
    let digits = stem.trim_end_matches(|c: char| c.is_ascii_digit());
    if digits.len() == stem.len() {
        return None;
    }
    let base = digits.strip_suffix('v').unwrap_or(digits);
    (base.len() >= 3 && base.chars().all(|c| c.is_ascii_alphabetic())).then_some(base)
}

/// Calls `f` with each term two sorted lists share, in order.
fn for_each_shared(a: &[u32], b: &[u32], mut f: impl FnMut(u32)) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                f(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
}

#[cfg(test)]
fn shared(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    for_each_shared(a, b, |t| out.push(t));
    out
}

fn union(a: &[u32], b: &[u32]) -> Terms {
    let mut out: Terms = a.iter().chain(b).copied().collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Per scenario, the requirement key its scenarios may be pooled under: a real Jira key.
/// Continuation rows leave the key blank: they belong to the last key above them.
fn pool_keys(stp: &Stp) -> Vec<Option<String>> {
    let mut last: Option<String> = None;
    stp.scenarios
        .iter()
        .map(|s| {
            if let Some(r) = s.requirement.as_ref().filter(|r| !r.is_blank()) {
                last = Some(r.trimmed().trim_matches(['[', ']', '*']).to_string());
            }
            last.clone().filter(|k| is_jira_key(k))
        })
        .collect()
}

struct Scorer<'v> {
    vocabulary: &'v Vocabulary,
    /// Per scenario: its requirement summary (own or inherited) and its text.
    scenarios: Vec<Terms>,
    /// Per scenario: the pooled terms of its requirement, when pooling is allowed.
    pools: Vec<Option<std::rc::Rc<Terms>>>,
    weights: Vec<f64>,
    rare: Vec<bool>,
    unseen: f64,
}

impl Scorer<'_> {
    fn weight(&self, id: u32) -> f64 {
        self.weights
            .get(id as usize)
            .copied()
            .unwrap_or(self.unseen)
    }

    fn candidate<'s>(
        &self,
        unit: &[u32],
        total: f64,
        scenario: usize,
        against: &'s [u32],
    ) -> Scored<'s> {
        let (mut shared, mut weight, mut rare) = (0, 0.0, false);
        for_each_shared(unit, against, |t| {
            shared += 1;
            weight += self.weight(t);
            rare |= self.rare[t as usize];
        });
        let score = weight / total;
        // One rare word is enough only when it carries most of the text's weight: a goal
        // about "hotplugged disks" is not covered by a scenario that only shares "disk".
        let specific = shared >= 2 || (score >= 0.5 && rare);
        Scored {
            candidate: Candidate {
                scenario,
                score: (score * 100.0).round() / 100.0,
                specific,
                pooled: false,
                priority: None,
                shared: Vec::new(),
            },
            shared,
            against,
        }
    }

    fn best(&self, unit: &[u32]) -> Vec<Candidate> {
        let total: f64 = unit.iter().map(|&t| self.weight(t)).sum();
        if total <= 0.0 {
            return Vec::new();
        }
        let mut out: Vec<Scored> = (0..self.scenarios.len())
            .map(|i| self.candidate(unit, total, i, &self.scenarios[i]))
            .filter(|c| c.candidate.score > 0.0)
            .collect();
        if !out.iter().any(Scored::matches) {
            // The fallback: a requirement's scenarios together.
            let pooled: Vec<Scored> = (0..self.scenarios.len())
                .filter_map(|i| {
                    let pool = self.pools[i].as_ref()?;
                    let mut c = self.candidate(unit, total, i, pool);
                    c.candidate.pooled = true;
                    c.matches().then_some(c)
                })
                .collect();
            if !pooled.is_empty() {
                out = pooled;
            }
        }
        // A total order (the scenario index breaks ties): selecting the kept candidates
        // first and sorting only them gives the same list as sorting all.
        let order = |a: &Scored, b: &Scored| {
            b.matches()
                .cmp(&a.matches())
                .then(b.candidate.score.total_cmp(&a.candidate.score))
                .then(a.candidate.scenario.cmp(&b.candidate.scenario))
        };
        let matched = out.iter().filter(|c| c.matches()).count();
        let keep = matched.max(CANDIDATES);
        if keep < out.len() {
            out.select_nth_unstable_by(keep, order);
            out.truncate(keep);
        }
        out.sort_unstable_by(order);
        out.into_iter()
            .map(|s| {
                let mut names = Vec::with_capacity(s.shared);
                for_each_shared(unit, s.against, |t| {
                    names.push(self.vocabulary.names[t as usize].clone())
                });
                Candidate {
                    shared: names,
                    ..s.candidate
                }
            })
            .collect()
    }
}

/// Whether a scenario row is a regression run (which serves no new-feature goal by design).
fn is_regression(stp: &Stp, scenario: usize) -> bool {
    let s = &stp.scenarios[scenario];
    s.text
        .iter()
        .chain(&s.summary)
        .any(|t| names_test_suite(&t.text))
}

/// Matches the plan's new-feature goals (regression goals, and goals that name a test suite,
/// have no scenarios by design) and its acceptance criteria to its scenarios.
pub fn in_document(stp: &Stp) -> Trace {
    let pairs = (stp.goals.len() + stp.acceptance_criteria.len()) * stp.scenarios.len();
    if pairs > MAX_PAIRS {
        return Trace {
            goals: Vec::new(),
            criteria: Vec::new(),
            scenarios_without_goal: Vec::new(),
            threshold: THRESHOLD,
            too_large: true,
        };
    }
    let mut vocabulary = Vocabulary::default();
    let mut summary: Terms = Vec::new();
    let scenarios: Vec<Terms> = stp
        .scenarios
        .iter()
        .map(|s| {
            if let Some(own) = &s.summary {
                summary = vocabulary.terms(&own.text);
            } else if !s.continuation {
                summary.clear();
            }
            let text = s
                .text
                .as_ref()
                .map(|t| vocabulary.terms(&t.text))
                .unwrap_or_default();
            union(&summary, &text)
        })
        .collect();
    let goal_terms: Vec<Terms> = stp
        .goals
        .iter()
        .map(|g| vocabulary.terms(&g.text.text))
        .collect();
    let criterion_terms: Vec<Terms> = stp
        .acceptance_criteria
        .iter()
        .map(|c| vocabulary.terms(&c.text))
        .collect();

    // Pools: one union per real requirement key, shared by its scenarios.
    let keys = pool_keys(stp);
    let mut by_key: HashMap<&str, Vec<usize>, crate::prose::FastHash> = HashMap::default();
    for (i, k) in keys.iter().enumerate() {
        if let Some(k) = k {
            by_key.entry(k.as_str()).or_default().push(i);
        }
    }
    let mut pools = vec![None; scenarios.len()];
    for members in by_key.values() {
        if members.len() < 2 || members.len() > MAX_POOL || members.len() * 2 > scenarios.len() {
            continue;
        }
        let pool = std::rc::Rc::new(
            members
                .iter()
                .fold(Vec::new(), |acc, &i| union(&acc, &scenarios[i])),
        );
        for &i in members {
            pools[i] = Some(pool.clone());
        }
    }

    // Document frequency over every unit that takes part: scenarios, goals, criteria.
    let units: Vec<&Terms> = scenarios
        .iter()
        .chain(&goal_terms)
        .chain(&criterion_terms)
        .collect();
    let n = units.len() as f64;
    let mut df = vec![0usize; vocabulary.names.len()];
    for unit in &units {
        for &t in unit.iter() {
            df[t as usize] += 1;
        }
    }
    let idf = |d: usize| (1.0 + n / d.max(1) as f64).ln();
    let scorer = Scorer {
        weights: df.iter().map(|&d| idf(d)).collect(),
        rare: df
            .iter()
            .map(|&d| d <= 2 || d * 10 <= units.len())
            .collect(),
        unseen: idf(1),
        vocabulary: &vocabulary,
        scenarios,
        pools,
    };

    let with_priorities = |mut candidates: Vec<Candidate>| {
        for c in &mut candidates {
            c.priority = stp.scenarios[c.scenario].priority.map(|p| p.level);
        }
        candidates
    };
    let new_feature_goals: Vec<usize> = stp
        .goals
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.regression && !names_test_suite(&g.text.text))
        .map(|(i, _)| i)
        .collect();
    let goals: Vec<Match> = new_feature_goals
        .iter()
        .map(|&index| {
            let g = &stp.goals[index];
            Match {
                index,
                span: g.span,
                text: g.text.trimmed().to_string(),
                priority: g.priority.map(|p: Priority| p.level),
                candidates: with_priorities(scorer.best(&goal_terms[index])),
            }
        })
        .collect();
    let criteria = criterion_terms
        .iter()
        .enumerate()
        .map(|(index, terms)| Match {
            index,
            span: stp.acceptance_criteria[index].span,
            text: stp.acceptance_criteria[index].trimmed().to_string(),
            priority: None,
            candidates: with_priorities(scorer.best(terms)),
        })
        .collect();

    // The other direction: a scenario that shares no specific term with any goal.
    let scenarios_without_goal = if new_feature_goals.is_empty() {
        Vec::new()
    } else {
        // The cheap test first: most scenarios share terms with a goal.
        (0..scorer.scenarios.len())
            .filter(|&i| {
                !new_feature_goals.iter().any(|&g| {
                    let (mut shared, mut rare) = (0, false);
                    for_each_shared(&goal_terms[g], &scorer.scenarios[i], |t| {
                        shared += 1;
                        rare |= scorer.rare[t as usize];
                    });
                    shared >= 2 || rare
                })
            })
            .filter(|&i| !is_regression(stp, i))
            .collect()
    };
    Trace {
        goals,
        criteria,
        scenarios_without_goal,
        threshold: THRESHOLD,
        too_large: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versioned_acronyms_also_count_without_their_version() {
        assert_eq!(unversioned("dhcpv4"), Some("dhcp"));
        assert_eq!(unversioned("rhcos10"), Some("rhcos"));
        assert_eq!(
            unversioned("ipv6"),
            None,
            "two letters are too few to stand alone"
        );
        assert_eq!(unversioned("backup"), None);
    }

    #[test]
    fn numbers_are_not_terms_and_identifiers_are_split() {
        let mut v = Vocabulary::default();
        let terms = v.terms("Upgrade from 9.8 to 10.2 keeps scratchSpaceStorageClass and DHCPv4");
        let names: Vec<&str> = terms
            .iter()
            .map(|&t| v.names[t as usize].as_str())
            .collect();
        assert!(!names
            .iter()
            .any(|n| n.chars().all(|c| c.is_ascii_digit() || c == '.')));
        for want in ["scratch", "storag", "dhcp", "dhcpv4", "upgrad"] {
            assert!(names.contains(&want), "{want} in {names:?}");
        }
    }

    #[test]
    fn intersections_of_sorted_ids() {
        assert_eq!(shared(&[1, 3, 5, 7], &[2, 3, 7, 9]), vec![3, 7]);
        assert_eq!(union(&[1, 3], &[2, 3]), vec![1, 2, 3]);
    }
}
