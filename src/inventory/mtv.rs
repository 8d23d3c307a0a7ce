//! Config-driven suites (mtv-api-tests): the plans are entries of a module-level
//! `tests_params` dict, keyed by test name. The dict is evaluated as a Python literal from the
//! syntax tree (strings, numbers, booleans, `None`, lists, tuples, dicts); anything else
//! (a call, a name) is kept as its source text. The module is never executed.

use super::{relative, ScanError};
use ruff_python_ast::{self as ast, Expr, Number, Stmt, UnaryOp};
use ruff_text_size::Ranged;
use serde::Serialize;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// Plan attributes that decide which scenario a plan implements.
pub const SCENARIO_ATTRIBUTES: &[&str] = &[
    "warm_migration",
    "copyoffload",
    "target_power_state",
    "preserve_static_ips",
    "vm_target_namespace",
    "pvc_name_template",
    "target_labels",
    "target_affinity",
];

/// Attributes of the plan's VMs that matter to a scenario.
pub const VM_ATTRIBUTES: &[&str] = &["source_vm_power", "guest_agent"];

/// One entry of `tests_params`.
#[derive(Debug, Clone, Serialize)]
pub struct ConfigPlan {
    /// The dict key (the name of the test that consumes it).
    pub name: String,
    /// 1-based line of the key in the config module.
    pub line: usize,
    /// The whole entry as a JSON value.
    pub params: Value,
    /// The plan-level attributes of [`SCENARIO_ATTRIBUTES`] present, and the VM attributes of
    /// [`VM_ATTRIBUTES`] (as lists, one value per VM).
    pub attributes: Map<String, Value>,
    pub vm_names: Vec<String>,
    pub vm_count: usize,
}

impl ConfigPlan {
    pub fn flag(&self, key: &str) -> bool {
        self.params.get(key).and_then(Value::as_bool) == Some(true)
    }
}

/// The config module of a suite and its plans.
#[derive(Debug, Clone)]
pub struct MtvConfig {
    pub path: String,
    pub plans: Vec<ConfigPlan>,
}

/// A Python literal as JSON; non-literals as their source text.
pub fn literal(expr: &Expr, text: &str) -> Value {
    let src = |e: &Expr| {
        let r = e.range();
        Value::String(text[r.start().to_usize()..r.end().to_usize()].to_string())
    };
    match expr {
        Expr::StringLiteral(s) => Value::String(s.value.to_str().to_string()),
        Expr::BooleanLiteral(b) => Value::Bool(b.value),
        Expr::NoneLiteral(_) => Value::Null,
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => i.as_i64().map(Value::from).unwrap_or_else(|| src(expr)),
            Number::Float(f) => serde_json::Number::from_f64(*f)
                .map(Value::Number)
                .unwrap_or_else(|| src(expr)),
            Number::Complex { .. } => src(expr),
        },
        Expr::UnaryOp(u) if u.op == UnaryOp::USub => match literal(&u.operand, text) {
            Value::Number(n) => n
                .as_i64()
                .map(|i| Value::from(-i))
                .or_else(|| n.as_f64().map(|f| Value::from(-f)))
                .unwrap_or_else(|| src(expr)),
            _ => src(expr),
        },
        Expr::List(l) => Value::Array(l.elts.iter().map(|e| literal(e, text)).collect()),
        Expr::Tuple(t) => Value::Array(t.elts.iter().map(|e| literal(e, text)).collect()),
        Expr::Dict(d) => {
            let mut map = Map::new();
            for item in &d.items {
                let Some(key) = &item.key else {
                    continue;
                };
                let key = match literal(key, text) {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                map.insert(key, literal(&item.value, text));
            }
            Value::Object(map)
        }
        other => src(other),
    }
}

/// The module-level `tests_params = {...}` of a module, as plans.
pub fn read_config(rel: &str, text: &str) -> Result<Option<MtvConfig>, String> {
    let module = ruff_python_parser::parse_module(text)
        .map_err(|e| format!("{rel}: cannot parse as Python: {e}"))?
        .into_syntax();
    Ok(config_of(rel, text, &module))
}

fn config_of(rel: &str, text: &str, module: &ast::ModModule) -> Option<MtvConfig> {
    let value = module.body.iter().find_map(|s| match s {
        Stmt::Assign(a)
            if a.targets
                .iter()
                .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "tests_params")) =>
        {
            Some(a.value.as_ref())
        }
        Stmt::AnnAssign(a)
            if matches!(a.target.as_ref(), Expr::Name(n) if n.id.as_str() == "tests_params") =>
        {
            a.value.as_deref()
        }
        _ => None,
    })?;
    let Expr::Dict(dict) = value else {
        return None;
    };
    let starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect();
    let line = |offset: usize| match starts.binary_search(&offset) {
        Ok(i) => i + 1,
        Err(i) => i,
    };
    let plans = dict
        .items
        .iter()
        .filter_map(|item| {
            let key = item.key.as_ref()?;
            let Value::String(name) = literal(key, text) else {
                return None;
            };
            let params = literal(&item.value, text);
            Some(plan(name, line(key.range().start().to_usize()), params))
        })
        .collect();
    Some(MtvConfig {
        path: rel.to_string(),
        plans,
    })
}

fn plan(name: String, line: usize, params: Value) -> ConfigPlan {
    let mut attributes = Map::new();
    for key in SCENARIO_ATTRIBUTES {
        if let Some(v) = params.get(*key) {
            attributes.insert(key.to_string(), v.clone());
        }
    }
    let vms: Vec<&Value> = params
        .get("virtual_machines")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    for key in VM_ATTRIBUTES {
        let values: Vec<Value> = vms.iter().filter_map(|vm| vm.get(*key).cloned()).collect();
        if !values.is_empty() {
            attributes.insert(key.to_string(), Value::Array(values));
        }
    }
    let vm_names = vms
        .iter()
        .filter_map(|vm| vm.get("name").and_then(Value::as_str).map(str::to_string))
        .collect();
    let vm_count = vms.len();
    ConfigPlan {
        name,
        line,
        params,
        attributes,
        vm_names,
        vm_count,
    }
}

/// The suite's config module: the first non-test Python file (sorted) that assigns a
/// `tests_params` dict at module level. Only files that mention the name are parsed.
pub fn find_config(
    root: &Path,
    python_other: &[PathBuf],
    errors: &mut Vec<ScanError>,
) -> Option<MtvConfig> {
    for path in python_other {
        let Ok(text) = super::read_source(path) else {
            continue;
        };
        if memchr::memmem::find(text.as_bytes(), b"tests_params").is_none() {
            continue;
        }
        let rel = relative(root, path);
        match read_config(&rel, &text) {
            Ok(Some(config)) => return Some(config),
            Ok(None) => {}
            Err(message) => errors.push(ScanError { path: rel, message }),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluates_the_dict_as_a_literal() {
        let src = "import os\nx = 1\ntests_params: dict = {\n    \"test_warm\": {\n        \"virtual_machines\": [{\"name\": \"vm-a\", \"source_vm_power\": \"on\", \"guest_agent\": True}],\n        \"warm_migration\": True,\n        \"target_power_state\": \"off\",\n        \"retries\": -2,\n        \"computed\": os.getenv(\"X\"),\n    },\n}\n";
        let config = read_config("tests/tests_config/config.py", src)
            .unwrap()
            .unwrap();
        assert_eq!(config.plans.len(), 1);
        let p = &config.plans[0];
        assert_eq!(p.name, "test_warm");
        assert_eq!(p.line, 4);
        assert!(p.flag("warm_migration"));
        assert_eq!(p.vm_names, vec!["vm-a"]);
        assert_eq!(p.attributes["source_vm_power"], serde_json::json!(["on"]));
        assert_eq!(p.attributes["target_power_state"], "off");
        assert_eq!(p.params["retries"], -2);
        assert_eq!(p.params["computed"], "os.getenv(\"X\")");
    }
}
