//! Reading a pairing CSV: every row turned into a pairing request or the sentences that say what to
//! fix in it. A byte-order mark, CRLF line ends and columns in any order are fine. The reader is
//! flexible over text that is already UTF-8, so ragged rows and stray quotes are read as cells and
//! checked like any other; a row the reader still refuses is named without the reader's own words.

use switchboard_core::Channel;
use switchboard_core::api::{
    IMPORT_COLUMNS, ImportPreview, ImportRowPreview, MAX_IMPORT_ROWS, PairingEnd, PairingRequest,
    PairingSide, language_tag_problem, parse_minutes,
};

use crate::error::{AppError, Sentence, said};
use crate::pairing::plan::side_address;

const REQUIRED: &[&str] = &[
    "friendly_name",
    "a_channel",
    "a_number",
    "b_channel",
    "b_number",
];

pub fn preview(text: &str) -> Result<ImportPreview, AppError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|error| {
            tracing::warn!(%error, "an import's first line could not be read");
            AppError::invalid(said!(import_first_line))
        })?
        .iter()
        .map(|h| h.to_lowercase())
        .collect();
    if let Some(missing) = REQUIRED.iter().find(|c| !headers.iter().any(|h| h == *c)) {
        return Err(AppError::invalid(said!(
            import_no_column,
            column = missing,
            columns = IMPORT_COLUMNS.join(",")
        )));
    }
    let column = |name: &str| headers.iter().position(|h| h == name);
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        if index >= MAX_IMPORT_ROWS {
            return Err(AppError::invalid(said!(
                import_too_many,
                limit = MAX_IMPORT_ROWS
            )));
        }
        let line = index + 2;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                tracing::warn!(%error, line, "an import row could not be read");
                let problem = said!(import_row_unreadable);
                rows.push(ImportRowPreview {
                    line,
                    friendly_name: String::new(),
                    request: None,
                    problems: vec![problem.to_string()],
                    said: vec![problem.said()],
                });
                continue;
            }
        };
        let field = |name: &str| {
            column(name)
                .and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        rows.push(row(line, &field));
    }
    if rows.is_empty() {
        return Err(AppError::invalid(said!(import_no_rows)));
    }
    let invalid = rows.iter().filter(|r| !r.problems.is_empty()).count();
    Ok(ImportPreview {
        valid: rows.len() - invalid,
        invalid,
        rows,
    })
}

fn row<'a>(line: usize, field: &impl Fn(&str) -> Option<&'a str>) -> ImportRowPreview {
    let mut problems = Vec::new();
    let friendly_name = field("friendly_name").unwrap_or_default().to_owned();
    if friendly_name.is_empty() {
        problems.push(said!(import_name_empty));
    } else if friendly_name.chars().count() > 256 {
        problems.push(said!(import_name_long));
    }
    let sides = ["a", "b"].map(|prefix| side(prefix, field, &mut problems));
    let end = end(field("close_after"), &mut problems);
    let request = match (sides, end) {
        ([Some(a), Some(b)], Ok(end)) => Some(PairingRequest {
            friendly_name: friendly_name.clone(),
            reference: field("reference").map(str::to_owned),
            sides: [a, b],
            end,
        }),
        _ => None,
    };
    ImportRowPreview {
        line,
        friendly_name,
        request,
        problems: problems.iter().map(ToString::to_string).collect(),
        said: problems.iter().map(Sentence::said).collect(),
    }
}

/// The `close_after` cell: empty for the admins' default, `none` for no end, else a duration.
fn end(cell: Option<&str>, problems: &mut Vec<Sentence>) -> Result<Option<PairingEnd>, ()> {
    let Some(cell) = cell else {
        return Ok(None);
    };
    let Some(minutes) = parse_minutes(cell) else {
        problems.push(said!(import_not_duration, cell = cell));
        return Err(());
    };
    let end = minutes.map_or(PairingEnd::NEVER, PairingEnd::closing_after);
    if let Err(problem) = crate::settings::end_problem(&end) {
        problems.push(said!(import_cell, column = "close_after").within("problem", problem));
        return Err(());
    }
    Ok(Some(end))
}

fn side<'a>(
    prefix: &str,
    field: &impl Fn(&str) -> Option<&'a str>,
    problems: &mut Vec<Sentence>,
) -> Option<PairingSide> {
    let name = |column: &str| format!("{prefix}_{column}");
    let channel = match field(&name("channel")).map(str::to_lowercase).as_deref() {
        Some("whatsapp") => Channel::Whatsapp,
        Some("sms") => Channel::Sms,
        Some(other) => {
            problems.push(said!(
                import_not_channel,
                column = name("channel"),
                value = other
            ));
            return None;
        }
        None => {
            problems.push(said!(import_channel_empty, column = name("channel")));
            return None;
        }
    };
    let side = PairingSide {
        name: field(&name("name")).map(str::to_owned),
        channel,
        number: field(&name("number")).unwrap_or_default().to_owned(),
        proxy: field(&name("proxy")).map(str::to_owned),
        language: field(&name("language")).map(str::to_owned),
    };
    if let Some(problem) = side.language.as_deref().and_then(language_tag_problem) {
        let problem = Sentence::of(problem);
        problems.push(said!(import_cell, column = name("language")).within("problem", problem));
        return None;
    }
    if let Err(problem) = side_address(&side) {
        problems.push(said!(import_cell, column = name("number")).within("problem", problem));
        return None;
    }
    Some(side)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "friendly_name,reference,a_name,a_channel,a_number,a_proxy,b_name,b_channel,b_number,b_proxy";

    #[test]
    fn reads_a_file_with_a_bom_crlf_and_columns_in_another_order() {
        let text = "\u{feff}a_channel,a_number,b_channel,b_number,friendly_name\r\n\
                    WhatsApp,+34 600 000 001,sms,+1 555 010 0001,Order 1\r\n";
        let preview = preview(text).unwrap();
        assert_eq!((preview.valid, preview.invalid), (1, 0));
        let request = preview.rows[0].request.clone().unwrap();
        assert_eq!(request.friendly_name, "Order 1");
        assert_eq!(request.sides[0].channel, Channel::Whatsapp);
    }

    #[test]
    fn each_bad_row_says_what_to_fix_and_good_rows_stand() {
        let text = format!(
            "{HEADER}\n\
             Good,1,Ana,whatsapp,+34611222333,,Bruno,sms,+15550100002,\n\
             ,2,Ana,fax,611222333,,Bruno,sms,+15550100002,\n"
        );
        let preview = preview(&text).unwrap();
        assert_eq!((preview.valid, preview.invalid), (1, 1));
        assert_eq!(preview.rows[1].line, 3);
        assert_eq!(
            preview.rows[1].problems,
            [
                "friendly_name is empty: give the conversation a name.",
                "a_channel: \"fax\" is not a channel; write whatsapp or sms."
            ]
        );
    }

    #[test]
    fn ragged_rows_stray_quotes_and_other_scripts_are_read_as_cells_and_checked() {
        let text = format!(
            "{HEADER}\r\
             \"Smith, John\",0,Ana,sms,+15550100001,,Bruno,sms,+15550100002,\r\
             Short,1,Ana,whatsapp\r\
             Long,2,Ana,sms,+15550100001,,Bruno,sms,+15550100002,,extra,cells\r\
             Café \"x\" y,3,أحمد,whatsapp,+966500000001,,李,sms,+15550100003,\r\
             \"Open \"quote,4,Zoë,sms,+15550100004,,Bruno,sms,+15550100005,\r\
             \"Unclosed,5,Ana,sms,+15550100006\r\
             Last,6,Ana,sms,+15550100007,,Bruno,sms,+15550100008,\r"
        );
        let preview = preview(&text).unwrap();
        let keys: Vec<Vec<&str>> = preview
            .rows
            .iter()
            .map(|row| row.said.iter().map(|said| said.key.as_str()).collect())
            .collect();
        assert_eq!(
            keys,
            [
                vec![],
                vec!["import_cell", "import_channel_empty"],
                vec![],
                vec![],
                vec![],
                vec!["import_channel_empty", "import_channel_empty"],
            ],
            "{preview:#?}"
        );
        let names: Vec<&str> = preview
            .rows
            .iter()
            .map(|row| row.friendly_name.as_str())
            .collect();
        assert_eq!(
            names[..5],
            ["Smith, John", "Short", "Long", "Café \"x\" y", "Open quote"]
        );
        assert!(
            names[5].starts_with("Unclosed,5,Ana") && names[5].ends_with("+15550100008,"),
            "an unclosed quote runs to the end of the file: {names:?}"
        );
    }

    #[test]
    fn a_missing_column_or_too_many_rows_refuse_the_whole_file() {
        let missing =
            preview("friendly_name,a_channel,a_number,b_channel\nX,sms,+15550100001,sms\n")
                .unwrap_err();
        assert!(
            missing
                .to_string()
                .starts_with("The file has no \"b_number\" column."),
            "{missing}"
        );
        let mut big = String::from("friendly_name,a_channel,a_number,b_channel,b_number\n");
        for i in 0..=MAX_IMPORT_ROWS {
            big.push_str(&format!(
                "Order {i},sms,+15550100001,whatsapp,+34600000001\n"
            ));
        }
        assert!(
            preview(&big)
                .unwrap_err()
                .to_string()
                .contains("more than 10000 rows")
        );
        let exactly = big
            .lines()
            .take(MAX_IMPORT_ROWS + 1)
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(preview(&exactly).unwrap().valid, MAX_IMPORT_ROWS);
    }
}
