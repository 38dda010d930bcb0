"""Hourly TaskFlow pipeline passing XComs between three real tasks."""
import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="taskflow_etl",
    schedule="@hourly",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["hourly", "taskflow"],
    doc_md=__doc__,
)
def taskflow_etl():
    @task
    def extract() -> list[int]:
        return [1, 2, 3]

    @task
    def transform(values: list[int]) -> int:
        return sum(values)

    @task
    def load(total: int) -> None:
        print(f"loaded {total}")

    load(transform(extract()))


taskflow_etl()
