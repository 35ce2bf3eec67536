//! URL state of the task runs list: the list's search, tags, window and page, and the state
//! types shown (`state_type=FAILED,CRASHED`, as the flow runs list spells them). Parsing never
//! fails; unknown types drop out.

use super::list_query::{FilterChip, Filters, ListQuery};
use super::time_range::parse_list;
use crate::schemas::StateType;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskRunsQuery {
    pub list: ListQuery,
    /// Empty: every state type.
    pub state_types: Vec<StateType>,
}

impl TaskRunsQuery {
    pub fn from_pairs<'a>(get: impl Fn(&str) -> Option<&'a str>) -> TaskRunsQuery {
        let mut state_types: Vec<StateType> = Vec::new();
        for name in parse_list(get("state_type")) {
            let kind = StateType::from_wire(&name.to_ascii_uppercase());
            if !matches!(kind, StateType::Unknown(_)) && !state_types.contains(&kind) {
                state_types.push(kind);
            }
        }
        TaskRunsQuery {
            list: ListQuery::from_pairs(&get),
            state_types,
        }
    }

    pub fn to_query_string(&self) -> String {
        let mut pairs = self.list.pairs();
        if !self.state_types.is_empty() {
            let types: Vec<&str> = self.state_types.iter().map(StateType::as_str).collect();
            pairs.push(("state_type", types.join(",")));
        }
        crate::url::query_string(&pairs)
    }

    /// The same view at another page.
    pub fn at_page(&self, page: u32) -> TaskRunsQuery {
        TaskRunsQuery {
            list: ListQuery {
                page,
                ..self.list.clone()
            },
            ..self.clone()
        }
    }
}

impl Filters for TaskRunsQuery {
    /// The list's chips (search, tags), then the states shown as one chip.
    fn chips(&self) -> Vec<FilterChip<TaskRunsQuery>> {
        let mut chips: Vec<FilterChip<TaskRunsQuery>> = self
            .list
            .chips()
            .into_iter()
            .map(|chip| FilterChip {
                label: chip.label,
                without: TaskRunsQuery {
                    list: chip.without,
                    ..self.clone()
                },
            })
            .collect();
        if !self.state_types.is_empty() {
            let names: Vec<String> = self
                .state_types
                .iter()
                .map(StateType::default_name)
                .collect();
            chips.push(FilterChip {
                label: format!("State: {}", names.join(" or ")),
                without: TaskRunsQuery {
                    state_types: Vec::new(),
                    ..self.at_page(1)
                },
            });
        }
        chips
    }

    fn unfiltered(&self) -> TaskRunsQuery {
        TaskRunsQuery {
            list: self.list.unfiltered(),
            state_types: Vec::new(),
        }
    }

    fn query_string(&self) -> String {
        self.to_query_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `a=1&b=x` (commas as the address encodes them too).
    fn read(query: &str) -> TaskRunsQuery {
        let pairs: Vec<(String, String)> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_string(), v.replace("%2C", ",")))
            .collect();
        TaskRunsQuery::from_pairs(|key| {
            pairs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        })
    }

    #[test]
    fn chips_drop_one_filter_each_and_the_states_at_once() {
        let query = read("state_type=FAILED,CRASHED&q=load&tag=etl&range=7d&page=2");
        let chips = query.chips();
        let labels: Vec<&str> = chips.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Name contains \u{201c}load\u{201d}",
                "Tag: etl",
                "State: Failed or Crashed"
            ]
        );
        assert_eq!(
            chips[2].without.to_query_string(),
            "?q=load&tag=etl&range=7d",
            "page 1, the rest kept"
        );
        assert_eq!(
            chips[0].without.to_query_string(),
            "?tag=etl&range=7d&state_type=FAILED%2CCRASHED"
        );
        assert_eq!(query.unfiltered().to_query_string(), "?range=7d");
    }

    #[test]
    fn state_types_are_read_known_once_and_written_back() {
        let query = read("state_type=failed,CRASHED,BOGUS,FAILED&q=load&page=3");
        assert_eq!(
            query.state_types,
            vec![StateType::Failed, StateType::Crashed]
        );
        assert_eq!(query.list.search, "load");
        assert_eq!(query.list.page, 3);
        assert_eq!(
            query.to_query_string(),
            "?q=load&page=3&state_type=FAILED%2CCRASHED"
        );
        assert_eq!(read(&query.to_query_string()[1..]), query);
        assert_eq!(
            query.at_page(1).to_query_string(),
            "?q=load&state_type=FAILED%2CCRASHED"
        );
    }

    #[test]
    fn nothing_given_is_every_state_and_the_default_window() {
        let query = read("");
        assert_eq!(query, TaskRunsQuery::default());
        assert_eq!(query.to_query_string(), "");
        assert_eq!(read("state_type=&page=-4&range=forever"), query);
    }
}
