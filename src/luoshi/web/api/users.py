"""User administration (admin only) and API tokens."""
from __future__ import annotations

from fastapi import APIRouter, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from luoshi.tracking import users as user_service
from luoshi.tracking.actor import Role
from luoshi.web.api.deps import DB, ActorDep, AdminDep, PageDep, commit
from luoshi.web.api.schemas import Page, TokenIssued, TokenRevoked, UserOut

router = APIRouter(tags=["users"])


class UserCreate(BaseModel):
    username: str = Field(min_length=2, max_length=64, examples=["zhang.wei"])
    role: Role
    unit: str | None = Field(default=None, max_length=200, examples=["盐城市人力资源和社会保障局"])
    display_name: str | None = Field(default=None, max_length=100)
    password: str | None = Field(default=None, min_length=8, max_length=1024)


class UserUpdate(BaseModel):
    role: Role | None = None
    unit: str | None = Field(default=None, max_length=200)
    display_name: str | None = Field(default=None, max_length=100)
    password: str | None = Field(default=None, min_length=8, max_length=1024)
    is_active: bool | None = None


class TokenCreate(BaseModel):
    name: str = Field(default="", max_length=100, examples=["nightly export"])


@router.get("/users", response_model=Page[UserOut], summary="用户列表 List users (admin)")
def list_users(db: DB, actor: AdminDep, page: PageDep, role: Role | None = None, active: bool | None = None) -> JSONResponse:
    rows, total = user_service.list_users(db, actor, role=role, active=active, offset=page.offset, limit=page.page_size)
    return page.wrap([user_service.user_dict(u) for u in rows], total)


@router.post("/users", status_code=status.HTTP_201_CREATED, response_model=UserOut, summary="创建用户 Create a user (admin)")
def create_user(body: UserCreate, db: DB, actor: AdminDep) -> dict:
    user = user_service.create_user(
        db, actor, body.username, body.role, unit=body.unit, password=body.password, display_name=body.display_name
    )
    commit(db)
    return user_service.user_dict(user)


@router.get("/users/{user_id}", response_model=UserOut, summary="用户详情 One user (admin)")
def get_user(user_id: int, db: DB, actor: AdminDep) -> dict:
    return user_service.user_dict(user_service.get_user(db, user_id))


@router.patch("/users/{user_id}", response_model=UserOut, summary="修改用户 Update a user (admin; anyone: own password)")
def update_user(user_id: int, body: UserUpdate, db: DB, actor: ActorDep) -> dict:
    user = user_service.update_user(db, actor, user_id, **body.model_dump(exclude_unset=True))
    commit(db)
    return user_service.user_dict(user)


@router.post("/users/{user_id}/disable", response_model=UserOut, summary="停用用户 Disable a user (admin)")
def disable_user(user_id: int, db: DB, actor: AdminDep) -> dict:
    user = user_service.disable_user(db, actor, user_id)
    commit(db)
    return user_service.user_dict(user)


@router.post(
    "/users/{user_id}/tokens", status_code=status.HTTP_201_CREATED, response_model=TokenIssued,
    summary="创建API令牌 Create an API token (admin, or yourself); shown once",
)
def create_token(user_id: int, body: TokenCreate, db: DB, actor: ActorDep) -> dict:
    user = user_service.get_user(db, user_id)
    issued = user_service.create_token(db, actor, user.username, body.name)
    commit(db)
    return {"id": issued.token.id, "name": issued.token.name, "prefix": issued.token.prefix, "token": issued.value}


@router.delete("/tokens/{token_id}", response_model=TokenRevoked, summary="吊销API令牌 Revoke an API token (admin, or your own)")
def revoke_token(token_id: int, db: DB, actor: ActorDep) -> dict:
    token = user_service.revoke_token(db, actor, token_id)
    commit(db)
    return {"id": token.id, "revoked": token.revoked_at is not None}
