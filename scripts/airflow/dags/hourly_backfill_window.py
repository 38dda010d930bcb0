"""Hourly with catchup over a closed six-hour window: a known, finite set of scheduled runs."""
import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG

with DAG(
    dag_id="hourly_backfill_window",
    schedule="@hourly",
    start_date=pendulum.datetime(2026, 1, 1, 0, tz="UTC"),
    end_date=pendulum.datetime(2026, 1, 1, 5, tz="UTC"),
    catchup=True,
    tags=["hourly", "catchup"],
    doc_md=__doc__,
):
    EmptyOperator(task_id="aggregate")
