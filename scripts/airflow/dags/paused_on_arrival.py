"""Paused at creation: the cutover must leave it paused on the target too."""
import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG

with DAG(
    dag_id="paused_on_arrival",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    is_paused_upon_creation=True,
    tags=["daily"],
    doc_md=__doc__,
):
    EmptyOperator(task_id="noop")
