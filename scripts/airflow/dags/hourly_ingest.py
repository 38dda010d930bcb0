"""Hourly, catchup off: the target must not re-run the hour the source already ran."""
import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG

with DAG(
    dag_id="hourly_ingest",
    schedule="@hourly",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["hourly"],
    doc_md=__doc__,
):
    EmptyOperator(task_id="extract") >> EmptyOperator(task_id="load")
