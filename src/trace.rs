//! Traceability inside one plan: which scenarios cover each testing goal and each acceptance
//! criterion. Read by the `goal-scenario` and `criterion-scenario` rules and printed by
//! `stp trace --in-document`.
//!
//! The measure is *weighted term coverage*: the share of a goal's (or criterion's) content
//! words, by weight, that a scenario also uses. Content words are stems (Snowball English)
//! without stop words and generic test verbs ("verify", "ensure"). A word's weight is its
//! inverse document frequency over the plan's own scenarios, `ln((n + 1) / (df + 0.5))`, so
//! words every scenario shares ("VM", the feature's name) count little and the words that tell
//! scenarios apart count most. Coverage, unlike a symmetric measure such as Jaccard or cosine,
//! does not punish a long scenario for saying more than the short goal it implements.
//!
//! A goal or criterion is matched when its best scenario covers at least [`THRESHOLD`] of its
//! weight. The value was chosen on the 11 real plans against a reviewer's reading of which
//! goals and criteria are covered: at 0.3, 7 of the 15 uncovered ones are found and 6 of the
//! 60 covered ones are flagged by mistake (paraphrases such as "volume provisioning" for
//! "import and upload"); at 0.4, 13 are found but 10 are flagged by mistake.

use crate::model::{Priority, Stp};
use crate::prose::content_stems;
use crate::recognise::names_test_suite;
use crate::source::Span;
use serde::Serialize;

/// The least weighted coverage that counts as a match.
pub const THRESHOLD: f64 = 0.3;

/// How many candidate scenarios a match keeps besides those that match, for explaining the
/// decision.
const CANDIDATES: usize = 3;

#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    pub goals: Vec<Match>,
    pub criteria: Vec<Match>,
    pub threshold: f64,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<u8>,
    /// The content stems both sides share.
    pub shared: Vec<String>,
}

impl Match {
    pub fn matched(&self) -> bool {
        self.candidates
            .first()
            .is_some_and(|c| c.score >= THRESHOLD)
    }

    /// The matched scenarios (at or above the threshold).
    pub fn matches(&self) -> impl Iterator<Item = &Candidate> {
        self.candidates.iter().filter(|c| c.score >= THRESHOLD)
    }
}

/// What a scenario says, for matching: its requirement summary (its own, or the one of the
/// requirement it continues), its text, and the texts of the other scenarios of the same
/// requirement, since a goal is often proven by a requirement's scenarios together.
fn scenario_texts(stp: &Stp) -> Vec<String> {
    let mut summary = String::new();
    let mut requirement = String::new();
    let own: Vec<(String, String)> = stp
        .scenarios
        .iter()
        .map(|s| {
            if let Some(r) = &s.requirement {
                requirement = r.text.clone();
            }
            if let Some(own) = &s.summary {
                summary = own.text.clone();
            } else if !s.continuation {
                summary.clear();
            }
            let text = s.text.as_ref().map(|t| t.text.as_str()).unwrap_or("");
            (requirement.clone(), format!("{summary} {text}"))
        })
        .collect();
    own.iter()
        .map(|(req, text)| {
            if req.trim().is_empty() {
                return text.clone();
            }
            own.iter()
                .filter(|(r, _)| r == req)
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

struct Scorer {
    scenarios: Vec<Vec<String>>,
    weights: std::collections::HashMap<String, f64>,
    unseen: f64,
}

impl Scorer {
    fn new(stp: &Stp) -> Scorer {
        let scenarios: Vec<Vec<String>> = scenario_texts(stp)
            .iter()
            .map(|t| content_stems(t))
            .collect();
        // Document frequency over every unit that takes part: scenarios, goals, criteria.
        let others: Vec<Vec<String>> = stp
            .goals
            .iter()
            .map(|g| content_stems(&g.text.text))
            .chain(
                stp.acceptance_criteria
                    .iter()
                    .map(|c| content_stems(&c.text)),
            )
            .collect();
        let n = (scenarios.len() + others.len()) as f64;
        let mut df: std::collections::HashMap<String, usize> = Default::default();
        for stems in scenarios.iter().chain(&others) {
            for s in stems {
                *df.entry(s.clone()).or_default() += 1;
            }
        }
        let idf = |d: usize| (1.0 + n / d.max(1) as f64).ln();
        let weights = df.into_iter().map(|(k, d)| (k, idf(d))).collect();
        Scorer {
            scenarios,
            weights,
            unseen: idf(1),
        }
    }

    fn weight(&self, stem: &str) -> f64 {
        self.weights.get(stem).copied().unwrap_or(self.unseen)
    }

    fn best(&self, text: &str) -> Vec<Candidate> {
        let stems = content_stems(text);
        let total: f64 = stems.iter().map(|s| self.weight(s)).sum();
        if total <= 0.0 {
            return Vec::new();
        }
        let mut out: Vec<Candidate> = self
            .scenarios
            .iter()
            .enumerate()
            .map(|(i, scenario)| {
                let shared: Vec<String> = stems
                    .iter()
                    .filter(|s| scenario.binary_search(s).is_ok())
                    .cloned()
                    .collect();
                let score = shared.iter().map(|s| self.weight(s)).sum::<f64>() / total;
                Candidate {
                    scenario: i,
                    score: (score * 100.0).round() / 100.0,
                    priority: None,
                    shared,
                }
            })
            .filter(|c| c.score > 0.0)
            .collect();
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.scenario.cmp(&b.scenario))
        });
        let matched = out.iter().filter(|c| c.score >= THRESHOLD).count();
        out.truncate(matched.max(CANDIDATES));
        out
    }
}

/// Matches the plan's new-feature goals (regression goals, and goals that name a test suite,
/// have no scenarios by design) and its acceptance criteria to its scenarios.
pub fn in_document(stp: &Stp) -> Trace {
    let scorer = Scorer::new(stp);
    let with_priorities = |mut candidates: Vec<Candidate>| {
        for c in &mut candidates {
            c.priority = stp.scenarios[c.scenario].priority.map(|p| p.level);
        }
        candidates
    };
    let goals = stp
        .goals
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.regression && !names_test_suite(&g.text.text))
        .map(|(index, g)| Match {
            index,
            span: g.span,
            text: g.text.trimmed().to_string(),
            priority: g.priority.map(|p: Priority| p.level),
            candidates: with_priorities(scorer.best(&g.text.text)),
        })
        .collect();
    let criteria = stp
        .acceptance_criteria
        .iter()
        .enumerate()
        .map(|(index, c)| Match {
            index,
            span: c.span,
            text: c.trimmed().to_string(),
            priority: None,
            candidates: with_priorities(scorer.best(&c.text)),
        })
        .collect();
    Trace {
        goals,
        criteria,
        threshold: THRESHOLD,
    }
}
