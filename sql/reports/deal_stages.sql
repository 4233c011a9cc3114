-- The open deals by source and stage label as of each week's end, for the stages no import
-- could map (docs/methodology.md, "Deal stages the product does not know"). A deal whose stage
-- neither a won/closed flag of its export nor a known or configured stage name settles loads as
-- open (functions/sources/labels.ts `dealOutcome`; its close date is not kept), and the import
-- lists the label under its `unmappedLabels` note; the report matches those labels against these
-- rows. Such a deal, created before the week's end, may have been won in the week: its won
-- figures cannot be told.
-- Parameter as coverage.sql: the weeks a report shows (their start and end, UTC instants of
-- local Monday 00:00, are the 2nd and 3rd fields), so that the deals are read once per report.
-- Per week (`week_index`), source and stage: `open_deals`, the source's open deals with that
-- stage created before the week's end; `source_open_deals`, all of the source's open deals
-- created before the week's end.
with

weeks as (

    select
        cast(split_part(week.spec, '|', 1) as integer) as week_index,
        cast(split_part(week.spec, '|', 3) as timestamp) as week_end
    from unnest(split(cast(? as varchar), ';')) as week(spec)

),

open_deals as (

    select
        weeks.week_index,
        stg_deals.source,
        stg_deals.stage
    from stg_deals
    cross join weeks
    where not stg_deals.is_closed
        and stg_deals.created_at < weeks.week_end

),

by_stage as (

    select
        week_index,
        source,
        stage,
        count(*) as open_deals
    from open_deals
    where stage is not null
    group by week_index, source, stage

),

by_source as (

    select
        week_index,
        source,
        count(*) as source_open_deals
    from open_deals
    group by week_index, source

)

select
    by_stage.week_index,
    by_stage.source,
    by_stage.stage,
    by_stage.open_deals,
    by_source.source_open_deals
from by_stage
inner join by_source
    on by_stage.week_index = by_source.week_index
    and by_stage.source = by_source.source
order by by_stage.week_index, by_stage.source, by_stage.stage
