//! The network as read from the exports, before it becomes a scenario: operators and AVSs by
//! address, registrations, and the TVL figures found for each.

use std::collections::{BTreeMap, BTreeSet};

/// An operator or an AVS: its address (lower case), the first name found for it, and where
/// it was first seen (`file:line`).
#[derive(Clone, Debug)]
pub struct Entity {
    pub address: String,
    pub name: Option<String>,
    pub at: String,
}

/// Restaked TVL, ETH, and the share of it that is native (beacon chain) ETH, when known.
#[derive(Clone, Copy, Debug)]
pub struct Tvl {
    pub eth: f64,
    pub native_share: Option<f64>,
}

/// Operators, AVSs and registrations `(operator, avs)` by index, in order of first
/// appearance, with the TVL of those the exports give it for.
#[derive(Default, Debug)]
pub struct Network {
    pub ops: Vec<Entity>,
    pub avss: Vec<Entity>,
    pub regs: Vec<(usize, usize)>,
    /// An AVS's restaked TVL (AVS metrics, EigenExplorer AVSs).
    pub avs_tvl: BTreeMap<usize, Tvl>,
    /// An operator's own TVL (operator metrics, EigenExplorer operators with `tvl`).
    pub op_tvl: BTreeMap<usize, Tvl>,
    /// Indices by address and the registrations as a set, so that a 10,000-operator import
    /// does not scan lists per row.
    op_index: BTreeMap<String, usize>,
    avs_index: BTreeMap<String, usize>,
    reg_set: BTreeSet<(usize, usize)>,
}

fn find_or_add(
    list: &mut Vec<Entity>,
    index: &mut BTreeMap<String, usize>,
    address: &str,
    name: &str,
    at: &str,
) -> usize {
    let address = address.trim().to_lowercase();
    if let Some(&i) = index.get(&address) {
        if list[i].name.is_none() && !name.trim().is_empty() {
            list[i].name = Some(name.trim().to_string());
        }
        return i;
    }
    index.insert(address.clone(), list.len());
    list.push(Entity {
        address,
        name: (!name.trim().is_empty()).then(|| name.trim().to_string()),
        at: at.to_string(),
    });
    list.len() - 1
}

impl Network {
    /// Index of the operator at `address` (added if new; its name set if it had none).
    pub fn op(&mut self, address: &str, name: &str, at: &str) -> usize {
        find_or_add(&mut self.ops, &mut self.op_index, address, name, at)
    }

    /// Index of the AVS at `address` (added if new; its name set if it had none).
    pub fn avs(&mut self, address: &str, name: &str, at: &str) -> usize {
        find_or_add(&mut self.avss, &mut self.avs_index, address, name, at)
    }

    /// Registers operator `o` with AVS `a`; a registration already made is reported as a
    /// duplicate row at `at`.
    pub fn register(&mut self, o: usize, a: usize, at: &str, skipped: &mut Vec<String>) {
        if !self.reg_set.insert((o, a)) {
            skipped.push(format!(
                "{at}: skipped: operator '{}' is already registered with AVS '{}' (duplicate row)",
                label(&self.ops[o]),
                label(&self.avss[a])
            ));
        } else {
            self.regs.push((o, a));
        }
    }

    /// Index of the AVS with this address, or else with this name (case-free).
    pub fn find_avs(&self, address: &str, name: &str) -> Option<usize> {
        find(&self.avss, &self.avs_index, address, name)
    }

    /// Index of the operator with this address, or else with this name (case-free).
    pub fn find_op(&self, address: &str, name: &str) -> Option<usize> {
        find(&self.ops, &self.op_index, address, name)
    }

    /// The number of operators registered with each AVS, by AVS index.
    pub fn operators_per_avs(&self) -> Vec<usize> {
        let mut n = vec![0; self.avss.len()];
        self.regs.iter().for_each(|r| n[r.1] += 1);
        n
    }

    /// The AVSs of each operator, by operator index, in registration order.
    pub fn avss_per_operator(&self) -> Vec<Vec<usize>> {
        let mut by_op = vec![Vec::new(); self.ops.len()];
        self.regs.iter().for_each(|&(o, a)| by_op[o].push(a));
        by_op
    }

    /// Drops the entities with no registration (an operator that secures nothing, an AVS
    /// nobody secures), reporting each, and renumbers the rest.
    pub fn prune(&mut self, notes: &mut Vec<String>) {
        let keep_ops: Vec<bool> = self
            .avss_per_operator()
            .iter()
            .map(|v| !v.is_empty())
            .collect();
        let keep_avss: Vec<bool> = self.operators_per_avs().iter().map(|&n| n > 0).collect();
        for (list, keep, what, why) in [
            (
                &self.ops,
                &keep_ops,
                "operator",
                "no active AVS registration",
            ),
            (
                &self.avss,
                &keep_avss,
                "AVS",
                "no operators (an AVS nobody secures is not simulated)",
            ),
        ] {
            for (e, _) in list.iter().zip(keep.iter()).filter(|(_, k)| !**k) {
                notes.push(format!(
                    "{}: skipped: {what} '{}' has {why}",
                    e.at,
                    label(e)
                ));
            }
        }
        let ops_map = renumber(&keep_ops);
        let avs_map = renumber(&keep_avss);
        self.ops = keep_filter(&self.ops, &keep_ops);
        self.avss = keep_filter(&self.avss, &keep_avss);
        self.regs = self
            .regs
            .iter()
            .map(|&(o, a)| (ops_map[o].expect("kept"), avs_map[a].expect("kept")))
            .collect();
        self.op_tvl = remap(&self.op_tvl, &ops_map);
        self.avs_tvl = remap(&self.avs_tvl, &avs_map);
        self.reg_set = self.regs.iter().copied().collect();
        for (index, list) in [
            (&mut self.op_index, &self.ops),
            (&mut self.avs_index, &self.avss),
        ] {
            *index = list
                .iter()
                .enumerate()
                .map(|(i, e)| (e.address.clone(), i))
                .collect();
        }
    }

    /// The final names: the name found, or the address; a name used by an earlier entity
    /// gets the address appended (scenario names must be unique: allocations refer to them),
    /// with a note at the entity's first row.
    pub fn names(list: &[Entity], what: &str, notes: &mut Vec<String>) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(list.len());
        let mut used: BTreeMap<String, ()> = BTreeMap::new();
        for e in list {
            let mut name = label(e);
            if used.contains_key(&name) {
                let renamed = format!("{name} ({})", e.address);
                notes.push(format!(
                    "{}: note: {what} name '{name}' is also used by another address; imported as '{renamed}'",
                    e.at
                ));
                name = renamed;
            }
            used.insert(name.clone(), ());
            out.push(name);
        }
        out
    }
}

/// The entity's name, or its address when it has none.
pub fn label(e: &Entity) -> String {
    e.name.clone().unwrap_or_else(|| e.address.clone())
}

fn find(
    list: &[Entity],
    index: &BTreeMap<String, usize>,
    address: &str,
    name: &str,
) -> Option<usize> {
    let name = name.trim();
    index
        .get(&address.trim().to_lowercase())
        .copied()
        .or_else(|| {
            list.iter().position(|e| {
                !name.is_empty()
                    && e.name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
        })
}

fn renumber(keep: &[bool]) -> Vec<Option<usize>> {
    let mut next = 0;
    keep.iter()
        .map(|&k| {
            k.then(|| {
                next += 1;
                next - 1
            })
        })
        .collect()
}

fn keep_filter(list: &[Entity], keep: &[bool]) -> Vec<Entity> {
    list.iter()
        .zip(keep)
        .filter(|(_, k)| **k)
        .map(|(e, _)| e.clone())
        .collect()
}

fn remap(m: &BTreeMap<usize, Tvl>, map: &[Option<usize>]) -> BTreeMap<usize, Tvl> {
    m.iter()
        .filter_map(|(&i, &t)| map[i].map(|j| (j, t)))
        .collect()
}
