"""Daily PythonOperator task, executed for real by the executor."""
import pendulum
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG


def transform(ds: str) -> str:
    return f"transformed {ds}"


with DAG(
    dag_id="python_transform",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["daily", "python"],
    doc_md=__doc__,
):
    PythonOperator(task_id="transform", python_callable=transform)
