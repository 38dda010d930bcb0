"""No schedule: only manual runs, which the target's scheduler ignores when it computes the next run."""
import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG

with DAG(
    dag_id="manual_trigger_only",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["manual"],
    doc_md=__doc__,
):
    EmptyOperator(task_id="noop")
