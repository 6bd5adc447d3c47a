//! Tìm kiếm (Ctrl+K, `sotay search`): one query over handbooks, chapters' text, checklist
//! items, findings, editions and recipients. Matching and ranking are `sotay_model::search`;
//! this gathers the records, names each hit by what it is and says where it opens.

use serde::{Deserialize, Serialize};
use sotay_model::search::{score, Query, SnippetPart};
use sotay_model::Lang;
use ts_rs::TS;

use crate::{Error, Workspace};

/// Where a hit opens in the window, with the ids the route needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SearchPlace {
    Handbook {
        handbook_id: String,
    },
    /// A chapter, at the line of its source the snippet comes from.
    Chapter {
        handbook_id: String,
        chapter_key: String,
        line: u32,
    },
    /// A checklist item of an assessment.
    Item {
        assessment_id: String,
        item_id: String,
    },
    Finding {
        assessment_id: String,
        finding_id: String,
        item_id: String,
    },
    /// An edition, with its label (which names it within its handbook).
    Edition {
        handbook_id: String,
        edition_id: String,
        label: String,
    },
    /// A copy in an edition's distribution log.
    Recipient {
        handbook_id: String,
        edition_id: String,
        label: String,
        serial: u32,
    },
}

impl SearchPlace {
    /// The kind's position in the window's groups (handbooks first, recipients last).
    fn order(&self) -> u8 {
        match self {
            SearchPlace::Handbook { .. } => 0,
            SearchPlace::Chapter { .. } => 1,
            SearchPlace::Item { .. } => 2,
            SearchPlace::Finding { .. } => 3,
            SearchPlace::Edition { .. } => 4,
            SearchPlace::Recipient { .. } => 5,
        }
    }

    /// The kind as the CLI prints it.
    pub fn kind_label(&self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            SearchPlace::Handbook { .. } => ("Sổ tay", "Handbook"),
            SearchPlace::Chapter { .. } => ("Chương", "Chapter"),
            SearchPlace::Item { .. } => ("Mục kiểm tra", "Checklist item"),
            SearchPlace::Finding { .. } => ("Phát hiện", "Finding"),
            SearchPlace::Edition { .. } => ("Ấn bản", "Edition"),
            SearchPlace::Recipient { .. } => ("Người nhận", "Recipient"),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// One result: what it is (its name), where it belongs, the matching passage with the match
/// marked, and where it opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchHit {
    pub place: SearchPlace,
    /// The record's name: a handbook's or chapter's title, "S4.2 · the item's text", an
    /// edition's label, a recipient.
    pub title: String,
    /// What it belongs to: the handbook, the pilot of the assessment, the edition.
    pub context: String,
    /// The assessment's or edition's day (YYYY-MM-DD) when the context has one.
    pub date: Option<String>,
    pub snippet: Vec<SnippetPart>,
    pub score: u32,
}

impl SearchHit {
    /// One line naming the hit and where it is, for the CLI: "Title — context · dd/mm/yyyy",
    /// a chapter's line after its title.
    pub fn heading(&self, lang: Lang) -> String {
        let mut s = self.title.clone();
        if let SearchPlace::Chapter { line, .. } = &self.place {
            let word = match lang {
                Lang::Vi => "dòng",
                Lang::En => "line",
            };
            s.push_str(&format!(" ({word} {line})"));
        }
        if !self.context.is_empty() {
            s.push_str(" — ");
            s.push_str(&self.context);
        }
        if let Some(d) = &self.date {
            s.push_str(" · ");
            s.push_str(&sotay_doc::display_date(d));
        }
        s
    }
}

/// Results of one query, best first within each kind, kinds in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchResults {
    pub query: String,
    pub hits: Vec<SearchHit>,
    /// Matches left out by the limits.
    pub more: u32,
}

/// Hits of one kind kept, at most.
pub const PER_KIND: usize = 8;
/// Hits kept in all, at most, unless the caller asks for fewer.
pub const MAX_HITS: usize = 40;

impl Workspace {
    /// Searches the workspace for `query` (see [`sotay_model::search`]). At most `limit` hits
    /// (and [`PER_KIND`] of each kind); an empty query finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Result<SearchResults, Error> {
        let lang = self.lang()?;
        let mut hits: Vec<SearchHit> = Vec::new();
        if let Some(q) = Query::parse(query) {
            self.search_handbooks(&q, &mut hits)?;
            self.search_assessments(&q, lang, &mut hits)?;
        }
        // Best first within each kind, then a fixed order of kinds; ties by name.
        hits.sort_by(|a, b| {
            (
                a.place.order(),
                std::cmp::Reverse(a.score),
                &a.title,
                &a.context,
            )
                .cmp(&(
                    b.place.order(),
                    std::cmp::Reverse(b.score),
                    &b.title,
                    &b.context,
                ))
        });
        let total = hits.len();
        // The best of every kind first, so a kind with many hits cannot crowd out the others.
        let mut ranked: Vec<usize> = (0..total).collect();
        ranked.sort_by_key(|&i| std::cmp::Reverse(hits[i].score));
        let limit = limit.clamp(1, MAX_HITS);
        let mut keep = vec![false; total];
        let (mut per, mut kept) = ([0usize; 6], 0);
        for i in ranked {
            let k = hits[i].place.order() as usize;
            if per[k] < PER_KIND && kept < limit {
                per[k] += 1;
                kept += 1;
                keep[i] = true;
            }
        }
        let hits: Vec<SearchHit> = hits
            .into_iter()
            .zip(keep)
            .filter_map(|(h, k)| k.then_some(h))
            .collect();
        Ok(SearchResults {
            query: sotay_model::text::nfc(query.trim()),
            more: (total - hits.len()) as u32,
            hits,
        })
    }

    fn search_handbooks(&self, q: &Query, hits: &mut Vec<SearchHit>) -> Result<(), Error> {
        for summary in self.store.list_handbooks()? {
            if let Some(m) = score(q, &[&summary.title, &summary.product]) {
                hits.push(SearchHit {
                    place: SearchPlace::Handbook {
                        handbook_id: summary.id.clone(),
                    },
                    title: summary.title.clone(),
                    context: summary.product.clone(),
                    date: None,
                    snippet: m.snippet,
                    score: m.score,
                });
            }
            let handbook = self.store.handbook(&summary.id)?;
            for c in &handbook.chapters {
                // What the reader sees: variables as their values, no template statements.
                let text = sotay_templates::readable_source(&c.source, &handbook.variables);
                if let Some(m) = score(q, &[&c.title, &text]) {
                    hits.push(SearchHit {
                        place: SearchPlace::Chapter {
                            handbook_id: summary.id.clone(),
                            chapter_key: c.key.clone(),
                            line: if m.field == 1 { m.line } else { 1 },
                        },
                        title: c.title.clone(),
                        context: summary.title.clone(),
                        date: None,
                        snippet: m.snippet,
                        score: m.score,
                    });
                }
            }
            for e in self.store.editions(&summary.id)? {
                let name = format!("{} {}", edition_word(self.lang()?), e.label);
                if let Some(m) = score(q, &[&name, &e.title]) {
                    hits.push(SearchHit {
                        place: SearchPlace::Edition {
                            handbook_id: summary.id.clone(),
                            edition_id: e.id.clone(),
                            label: e.label.clone(),
                        },
                        title: name.clone(),
                        context: e.title.clone(),
                        date: Some(e.date.clone()),
                        snippet: m.snippet,
                        score: m.score,
                    });
                }
                // One hit per copy number (a copy may be issued in several formats).
                let mut seen = std::collections::BTreeSet::new();
                for copy in self.store.copies(&e.id)? {
                    if !seen.insert(copy.serial) {
                        continue;
                    }
                    if let Some(m) = score(q, &[&copy.recipient, &copy.unit, &copy.note]) {
                        hits.push(SearchHit {
                            place: SearchPlace::Recipient {
                                handbook_id: summary.id.clone(),
                                edition_id: e.id.clone(),
                                label: e.label.clone(),
                                serial: copy.serial,
                            },
                            title: copy.recipient.clone(),
                            context: format!("{name} · {}", e.title),
                            date: Some(e.date.clone()),
                            snippet: m.snippet,
                            score: m.score,
                        });
                    }
                }
            }
        }
        Ok(())
    }

    fn search_assessments(
        &self,
        q: &Query,
        lang: Lang,
        hits: &mut Vec<SearchHit>,
    ) -> Result<(), Error> {
        for a in self.store.assessments(None)? {
            let (_, checklist, _) = self.checklist_and_rules(&a.id)?;
            let answers = self.store.answers(&a.id)?;
            let text_of = |item: &sotay_model::checklist::ChecklistItem| match lang {
                Lang::En if !item.text.en.is_empty() => item.text.en.clone(),
                _ => item.text.vi.clone(),
            };
            for item in &checklist.items {
                let text = text_of(item);
                let note = answers.get(&item.id).map_or("", |a| a.note.as_str());
                let name = format!("{} · {text}", item.id);
                let other = match lang {
                    Lang::Vi => item.text.en.as_str(),
                    Lang::En => item.text.vi.as_str(),
                };
                if let Some(m) = score(q, &[&name, note, other]) {
                    hits.push(SearchHit {
                        place: SearchPlace::Item {
                            assessment_id: a.id.clone(),
                            item_id: item.id.clone(),
                        },
                        title: name,
                        context: a.pilot_name.clone(),
                        date: Some(a.date.clone()),
                        snippet: m.snippet,
                        score: m.score,
                    });
                }
            }
            for f in self.findings(&a.id)? {
                let item = checklist.items.iter().find(|i| i.id == f.item_id);
                let text = item.map(text_of).unwrap_or_default();
                let name = format!("{} · {text}", f.item_id);
                let actions: Vec<&str> = f.actions.iter().map(|x| x.description.as_str()).collect();
                let actions = actions.join("\n");
                // The inspector's note on the answer says what was found.
                let note = answers.get(&f.item_id).map_or("", |a| a.note.as_str());
                if let Some(m) = score(q, &[&name, &f.description, note, &actions]) {
                    hits.push(SearchHit {
                        place: SearchPlace::Finding {
                            assessment_id: a.id.clone(),
                            finding_id: f.id.clone(),
                            item_id: f.item_id.clone(),
                        },
                        title: name,
                        context: a.pilot_name.clone(),
                        date: Some(a.date.clone()),
                        snippet: m.snippet,
                        score: m.score,
                    });
                }
            }
        }
        Ok(())
    }
}

/// "Ấn bản" / "Edition", the word before an edition's label.
fn edition_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Ấn bản",
        Lang::En => "Edition",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FixedClock;
    use std::sync::Arc;

    fn sample() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::TempDir::new().unwrap();
        let clock = Arc::new(FixedClock(time::macros::datetime!(2026-09-20 08:00 UTC)));
        let mut ws = Workspace::open(&dir.path().join("s.db"), clock).unwrap();
        ws.ensure_sample_workspace().unwrap();
        (dir, ws)
    }

    fn kinds(r: &SearchResults) -> Vec<u8> {
        r.hits.iter().map(|h| h.place.order()).collect()
    }

    #[test]
    fn finds_chapters_and_items_without_marks_and_names_them() {
        let (_d, ws) = sample();
        let r = ws.search("nhat ky", MAX_HITS).unwrap();
        assert!(!r.hits.is_empty());
        let chapter = r
            .hits
            .iter()
            .find(|h| matches!(h.place, SearchPlace::Chapter { .. }))
            .expect("a chapter mentions nhật ký");
        let marked: String = chapter
            .snippet
            .iter()
            .filter(|p| p.mark)
            .map(|p| p.text.to_lowercase())
            .collect();
        assert!(marked.contains("nhật ký"), "{chapter:?}");
        // Grouped: kinds never go back.
        let k = kinds(&r);
        assert!(k.windows(2).all(|w| w[0] <= w[1]), "{k:?}");
    }

    #[test]
    fn chapter_snippets_show_values_not_template_code() {
        let (_d, ws) = sample();
        // The sample's chapters say "{{ product.name }}" and "{% if … %}" around these words.
        for q in ["nhat ky ao nuoi", "chuoi cung ung san pham", "ho so luu"] {
            let r = ws.search(q, MAX_HITS).unwrap();
            let chapters: Vec<String> = r
                .hits
                .iter()
                .filter(|h| matches!(h.place, SearchPlace::Chapter { .. }))
                .map(|h| h.snippet.iter().map(|p| p.text.as_str()).collect())
                .collect();
            assert!(!chapters.is_empty(), "{q}");
            for text in &chapters {
                assert!(
                    !text.contains("{{") && !text.contains("{%") && !text.contains("{#"),
                    "{q}: {text}"
                );
            }
        }
        // A variable is found by its value, as the reader sees it.
        let r = ws.search("Tom su nguyen con dong lanh", MAX_HITS).unwrap();
        assert!(r
            .hits
            .iter()
            .any(|h| matches!(h.place, SearchPlace::Chapter { .. })));
    }

    #[test]
    fn an_empty_query_finds_nothing_and_limits_hold() {
        let (_d, ws) = sample();
        assert!(ws.search("   ", MAX_HITS).unwrap().hits.is_empty());
        let r = ws.search("a", 5).unwrap();
        assert!(r.hits.len() <= 5);
        assert!(r.more > 0);
        let all = ws.search("a", MAX_HITS).unwrap();
        for k in 0..6u8 {
            assert!(kinds(&all).iter().filter(|&&x| x == k).count() <= PER_KIND);
        }
    }
}
