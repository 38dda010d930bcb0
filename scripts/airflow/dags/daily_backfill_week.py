"""Daily with catchup over one closed week: seven scheduled runs the target must not repeat."""
import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG

with DAG(
    dag_id="daily_backfill_week",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    end_date=pendulum.datetime(2026, 1, 7, tz="UTC"),
    catchup=True,
    tags=["daily", "catchup"],
    doc_md=__doc__,
):
    EmptyOperator(task_id="summarize")
